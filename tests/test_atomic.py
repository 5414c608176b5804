import os
import stat

import pytest

from citekit.atomic import write_atomic


def test_write_atomic_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, "new ü\n")
    assert target.read_text(encoding="utf-8") == "new ü\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_write_atomic_failure_leaves_original(tmp_path, monkeypatch):
    target = tmp_path / "refs.bib"
    target.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]
