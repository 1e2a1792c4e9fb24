"""PlanRecord.to_dict's hand-written converters stay equal to dataclasses.asdict."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from pipeline import model
from pipeline.model import Evidence, Leader, Metric, Phase, Source, Span

EV = Evidence(3, 10, 19)


@pytest.mark.parametrize(
    ("convert", "value"),
    [
        (model._ev, EV),
        (model._source_dict, Source("/in/a.txt", "ab" * 32, "txt", "gb18030", 2, 4096)),
        (model._metric_dict, Metric("知晓率", ">=", 90.0, "%", "知晓率达到90%以上", EV)),
        (model._metric_dict, Metric("覆盖率", "=", 100.0, "%", "全覆盖")),
        (model._phase_dict, Phase("动员部署阶段", "2012-03", "2012-04", "2012年3月至4月", EV)),
        (model._phase_dict, Phase(None, None, None, "下一阶段")),
        (model._span_dict, Span(None, "2013-12-31", "2013年底前", EV)),
        (model._leader_dict, Leader("组长", "王某某", EV)),
    ],
)
def test_model_converters_equal_asdict(convert: Any, value: Any) -> None:
    # a field added to a dataclass but not to its converter would be dropped silently;
    # the order matters too (it is the order of the stored JSON)
    assert list(convert(value).items()) == list(asdict(value).items())


def test_model_converters_of_none() -> None:
    assert model._ev(None) is None
    assert model._span_dict(None) is None
