"""Finding and running the midlink binary, and listing the layers it wrote."""
import os
import re
import shutil
import subprocess

from qgis.core import QgsProcessingException

SETTING = "MIDLINK_BINARY"
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
_GDAL_PROGRESS = re.compile(r"(?:^|\.)(\d{1,3})(?=\.\.\.|$)")


def _processing_config():
    try:
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
    except ImportError:  # Processing's Python part is absent (a bare qgis.core)
        return None, None
    return ProcessingConfig, Setting


def add_binary_setting(group):
    config, setting = _processing_config()
    if config is None:
        return
    config.addSetting(
        setting(group, SETTING, "midlink executable (empty: MIDLINK_BINARY, then PATH)", "", valuetype=setting.FILE)
    )
    config.readSettings()


def remove_binary_setting():
    config, _ = _processing_config()
    if config is not None:
        config.removeSetting(SETTING)


def find_binary():
    """MIDLINK_BINARY in the environment, then the provider's setting, then PATH."""
    candidates = [os.environ.get(SETTING, "")]
    config, _ = _processing_config()
    if config is not None:
        candidates.append(config.getSetting(SETTING) or "")
    candidates.append(shutil.which("midlink") or "")
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise QgsProcessingException(
        "midlink was not found: set Processing > Options > Providers > midlink > midlink executable, "
        "or MIDLINK_BINARY, or put midlink on PATH"
    )


def progress_of(line):
    """A percentage in a progress line ("45%", or GDAL's "0...10...20"), else None."""
    m = _PERCENT.search(line)
    if m:
        return min(100.0, float(m.group(1)))
    if "..." in line and re.fullmatch(r"[\d. ]+", line.strip()):
        steps = _GDAL_PROGRESS.findall(line.strip())
        if steps:
            return min(100.0, float(steps[-1]))
    return None


def run(args, feedback):
    """Runs midlink with `args`, streaming its log lines to `feedback`. Returns the log."""
    command = [find_binary()] + [str(a) for a in args]
    feedback.pushCommandInfo(" ".join(_quote(a) for a in command))
    log = []
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    ) as proc:
        for line in proc.stdout:
            line = line.rstrip("\n")
            log.append(line)
            feedback.pushConsoleInfo(line)
            percent = progress_of(line)
            if percent is not None:
                feedback.setProgress(percent)
            if feedback.isCanceled():
                proc.terminate()
                break
        code = proc.wait()
    if feedback.isCanceled():
        raise QgsProcessingException("midlink was cancelled")
    if code != 0:
        tail = "\n".join(log[-5:])
        raise QgsProcessingException(f"midlink failed (exit {code}):\n{tail}")
    feedback.setProgress(100)
    return log


def _quote(arg):
    return arg if re.fullmatch(r"[\w@%+=:,./-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def spatial_layers(path):
    """The names of a dataset's layers with geometry, in file order (never layer_styles)."""
    from osgeo import ogr

    ds = ogr.Open(path)
    if ds is None:
        return []
    names = []
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayerByIndex(i)
        if layer.GetName() != "layer_styles" and layer.GetGeomType() != ogr.wkbNone:
            names.append(layer.GetName())
    return names
