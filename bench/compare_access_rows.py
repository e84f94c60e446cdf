#!/usr/bin/env python3
"""Compares the rows of two `midlink access` origin CSVs that share an id, column by column,
as printed. Used to check the national PHAST run against Dijkstra on a sample of origins:
  compare_access_rows.py FULL_origins.csv SAMPLE_origins.csv
Prints the number of rows and cells compared and every difference; exits 1 on any."""
import csv
import sys


def main(full_path, sample_path):
    sample = {r["id"]: r for r in csv.DictReader(open(sample_path, newline=""))}
    rows = cells = 0
    bad = []
    for r in csv.DictReader(open(full_path, newline="")):
        s = sample.get(r["id"])
        if s is None:
            continue
        rows += 1
        for k, v in s.items():
            cells += 1
            if r.get(k) != v:
                bad.append((r["id"], k, r.get(k), v))
    print(f"{rows} rows of {len(sample)} sampled, {cells} cells compared, {len(bad)} differ")
    for b in bad[:20]:
        print("  id %s column %s: %s vs %s" % b)
    return 1 if bad or rows != len(sample) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
