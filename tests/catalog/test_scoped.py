"""A stand-in for a CKAN function holds for the block of the thread that set it, and only there:
overlapping blocks in two threads neither see nor restore each other's."""
import threading
import types

from ckanext.shaoxing.catalog.scoped import Override


def test_overlapping_blocks_in_two_threads_keep_their_own_stand_ins():
    module = types.ModuleType("somewhere")
    module.show = lambda x: f"original {x}"
    override = Override(module, "show")
    inside, release, seen = threading.Event(), threading.Event(), {}

    def other_thread():
        with override(lambda original, x: f"other {x}"):
            inside.set()
            release.wait(5)
            seen["other"] = module.show(1)
        seen["other after"] = module.show(1)

    t = threading.Thread(target=other_thread)
    t.start()
    inside.wait(5)
    seen["main, other inside"] = module.show(1)
    with override(lambda original, x: f"mine, then {original(x)}"):
        seen["main"] = module.show(1)
        release.set()
        t.join(5)
        seen["main, other gone"] = module.show(1)
    seen["main after"] = module.show(1)
    assert seen == {"main, other inside": "original 1", "other": "other 1", "main": "mine, then original 1",
                    "main, other gone": "mine, then original 1", "other after": "original 1",
                    "main after": "original 1"}


def test_a_replacement_made_later_is_kept_as_the_fallback():
    module = types.ModuleType("somewhere")
    module.show = lambda x: "first"
    override = Override(module, "show")
    with override(lambda original, x: "stand-in"):
        pass
    module.show = lambda x: "replaced"       # e.g. a test's monkeypatch
    with override(lambda original, x: f"stand-in over {original(x)}"):
        assert module.show(1) == "stand-in over replaced"
    assert module.show(1) == "replaced"
