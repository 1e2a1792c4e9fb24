"""The only conftest: shared test settings.

Hypothesis' per-example deadline is off: CI runs on 2 busy cores, and a slow example is not
a wrong one (speed is measured by benchmarks/, not by unit tests).
"""

from hypothesis import settings

settings.register_profile("fangan", deadline=None, max_examples=100)
settings.load_profile("fangan")
