"""The cycle collector is paused while a page is built and is as it was afterwards, whatever happens."""

from __future__ import annotations

import gc

import pytest

from kamgraph.bulk import no_cyclic_gc
from kamgraph.render.relationship_map import map_data


@no_cyclic_gc()
def _state(fail: bool = False) -> bool:
    if fail:
        raise ValueError("boom")
    return gc.isenabled()


def test_the_collector_is_paused_inside_and_back_on_after_a_result_or_an_error():
    assert gc.isenabled()
    assert _state() is False
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"):
        _state(fail=True)
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    try:
        assert _state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_map_data_is_built_with_the_collector_paused_and_it_is_back_on_after(monkeypatch):
    from test_analysis import AS_OF, toy_account

    from kamgraph.render import relationship_map

    seen = []
    layout = relationship_map.positions

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return layout(*args, **kwargs)

    monkeypatch.setattr(relationship_map, "positions", recording)
    data = map_data([toy_account()], as_of=AS_OF)
    assert data["nodes"] and seen and not any(seen)
    assert gc.isenabled()
