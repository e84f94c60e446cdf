#!/usr/bin/python3
"""Writes the C++ examples of a documentation page as translation units, so a test can
compile and link them against the installed midlink (DocExamples.library_cpp).

    extract_cpp_examples.py PAGE.md OUT_DIR

An example is a fenced block whose info string is `cpp`. A block with its own `main` is
written as it is. Any other block is a fragment: its #include and `using namespace` lines
go to file scope and the rest becomes the body of main(), so a fragment must declare what
it uses. Writes OUT_DIR/<page>_NN.cpp (NN counts from 01) and prints how many."""
import pathlib
import sys


def blocks(text):
    """(first line number, lines) of each ```cpp block."""
    found, current, start = [], None, 0
    for number, line in enumerate(text.splitlines(), 1):
        fence = line.strip()
        if current is None and fence == "```cpp":
            current, start = [], number + 1
        elif current is not None and fence == "```":
            found.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        sys.exit(f"unclosed ```cpp block from line {start}")
    return found


def translation_unit(page, start, lines):
    origin = f"// {page}, line {start}\n"
    if any("int main(" in line for line in lines):
        return origin + "\n".join(lines) + "\n"
    head = [line for line in lines if line.startswith(("#include", "using namespace"))]
    body = [line for line in lines if not line.startswith(("#include", "using namespace"))]
    return origin + "\n".join(head) + "\n\nint main() {\n" + "\n".join("    " + l if l else l for l in body) + "\n}\n"


def main():
    page, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    found = blocks(page.read_text())
    for index, (start, lines) in enumerate(found, 1):
        name = f"{page.stem}_{index:02d}.cpp"
        (out_dir / name).write_text(translation_unit(page.name, start, lines))
    print(len(found))


if __name__ == "__main__":
    main()
