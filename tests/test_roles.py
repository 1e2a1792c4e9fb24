"""Section roles from heading keywords."""

import pytest

from pipeline.model import SECTION_ROLES
from pipeline.roles import heading_keywords, role_keywords, rule_role, section_role

# fmt: off
ROLES = [
    ("指导思想", "guiding_principles"),
    ("总体要求", "guiding_principles"),
    ("指导思想及目标要求", "guiding_principles"),
    ("基本原则", "guiding_principles"),
    ("工作目标", "goals"),
    ("创建目标", "goals"),
    ("奋斗目标", "goals"),
    ("目标任务", "goals"),
    ("主要任务", "tasks"),
    ("主要工作任务", "tasks"),
    ("工作内容", "tasks"),
    ("具体工作重点", "tasks"),
    ("任务分解", "tasks"),
    ("活动安排", "tasks"),
    ("实施步骤", "schedule"),
    ("方法步骤", "schedule"),
    ("实施日期", "schedule"),
    ("具体安排", "schedule"),
    ("各阶段工作安排", "schedule"),
    ("组织领导", "organization"),
    ("领导小组", "organization"),
    ("加强领导,提高认识", "organization"),
    ("工作要求", "measures"),
    ("保障措施", "measures"),
    ("几点要求", "measures"),
    ("整改措施", "measures"),
    ("相关要求", "measures"),
    ("考评标准", "evaluation"),
    ("评分标准", "evaluation"),
    ("坚持卫生值日制度和卫生评比制度", "evaluation"),
    ("阶段目标", "goals"),
    ("背景和意义", "background"),
    ("基本情况", "background"),
    # annotated "other": kept from the model by an explicit rule
    ("范围与内容", "other"),
    ("总体规划", "other"),
    ("具体方式", "other"),
    ("存在问题", "other"),
    ("自查中存在的不足", "other"),
    # no keyword: no rule
    ("责任划分", None),
    ("卫生评比检查范围", None),
    ("大力宣传,营造氛围", None),
    ("", None),
]
# fmt: on


@pytest.mark.parametrize(("heading", "role"), ROLES)
def test_roles_rule_role(heading, role):
    assert rule_role(heading) == role


def test_roles_unknown_heading_is_other_or_a_model_role():
    assert section_role("具体方式", "各党支部要积极配合。") in SECTION_ROLES
    assert section_role("指导思想") == "guiding_principles"


def test_roles_table_is_valid():
    rows = role_keywords()
    assert rows
    assert all(role in SECTION_ROLES and prio > 0 for _, role, prio in rows)
    assert len({kw for kw, _, _ in rows}) == len(rows)
    assert "指导思想" in heading_keywords()
    assert "目标" not in heading_keywords()
