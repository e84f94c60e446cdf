"""midlink Processing: the midlink commands as QGIS Processing algorithms (docs/qgis.md)."""


def classFactory(iface):  # noqa: N802 - the name QGIS looks for
    from .plugin import MidlinkPlugin

    return MidlinkPlugin(iface)
