"""planner.patterns.LazyPattern: the classifier's patterns, compiled when first used."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from leanmeet.planner.patterns import LazyPattern


def test_a_lazy_pattern_answers_as_the_compiled_one():
    lazy = LazyPattern(r"(举行|召开)$", re.IGNORECASE)
    compiled = re.compile(r"(举行|召开)$", re.IGNORECASE)
    assert lazy.groups == 1 and lazy.pattern == compiled.pattern and lazy.flags == compiled.flags
    assert lazy.search("全市大会召开").group(1) == "召开"
    assert lazy.sub("", "大会举行") == "大会"
    assert [m.span() for m in lazy.finditer("召开")] == [(0, 2)]
    assert lazy.match("x") is None and lazy.split("a举行") == ["a", "举行", ""]
    with pytest.raises(AttributeError):
        lazy.no_such_method  # noqa: B018


def test_a_bad_pattern_fails_when_used():
    lazy = LazyPattern(r"(unclosed")
    with pytest.raises(re.error):
        lazy.search("x")


def test_importing_the_classifier_compiles_none_of_its_patterns():
    code = ("import re, leanmeet.planner.classify as c, leanmeet.planner.titles as t\n"
            "print(sum(isinstance(v, re.Pattern) for m in (c, t) for v in vars(m).values()))\n"
            "print(c.classify.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[0] == "0"
