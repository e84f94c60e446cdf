"""The plugin object QGIS loads: it registers the provider and nothing else."""
from qgis.core import QgsApplication

from .provider import MidlinkProvider


class MidlinkPlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 - QGIS calls this name
        self.provider = MidlinkProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
