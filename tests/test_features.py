"""char_ngrams (shared by training and prediction) keeps its meaning after the speed rewrite."""

from hypothesis import given
from hypothesis import strategies as st

from pipeline.features import FIELD_SEP, NGRAM_RANGE, char_ngrams, join_fields


def _reference_ngrams(doc: str) -> list[str]:
    """The plain definition: per field, per word, padded, every n in NGRAM_RANGE."""
    grams: list[str] = []
    for i, field in enumerate(doc.split(FIELD_SEP)):
        for word in field.lower().split():
            padded = f" {word} "
            for n in range(NGRAM_RANGE[0], NGRAM_RANGE[1] + 1):
                grams.extend(f"{i}|{padded[k : k + n]}" for k in range(len(padded) - n + 1))
    return grams


def test_features_char_ngrams_of_a_heading_and_body():
    grams = char_ngrams(join_fields("组织领导", "成立 领导小组"))
    assert grams[:3] == ["0| ", "0|组", "0|织"]
    assert {"0|组织领", "1| 领导", "1|小组 "} <= set(grams)
    assert len(grams) == 15 + 9 + 15  # " 组织领导 ": 6+5+4; " 成立 ": 4+3+2; " 领导小组 ": 6+5+4


@given(st.text(alphabet="组织领导方案工作 AbC\x1f\n一、", max_size=60))
def test_features_char_ngrams_equal_the_plain_definition(doc):
    assert char_ngrams(doc) == _reference_ngrams(doc)
