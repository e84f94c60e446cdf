"""The midlink Processing provider: one algorithm per midlink command."""
from qgis.core import QgsProcessingProvider

from . import runner
from .algorithms import ALGORITHMS


class MidlinkProvider(QgsProcessingProvider):
    def load(self):
        runner.add_binary_setting(self.id())
        return super().load()

    def unload(self):
        runner.remove_binary_setting()
        super().unload()

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())

    def id(self):
        return "midlink"

    def name(self):
        return "midlink"

    def longName(self):  # noqa: N802
        return "midlink transport and broadband analysis"
