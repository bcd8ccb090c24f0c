"""write_tree: atomic replacement of the output directory, keeping what should be kept."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from generator.diagnostics import SdkgenError
from generator.write.writer import MARKER, write_tree

FILES = {"pkg/__init__.py": "x = 1\n", "pkg/a.py": "a = 1\n", "README.md": "# hi\n"}


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".sdkgen-" in p.name)


def age(root: Path, seconds: int = 1000) -> None:
    """Push every mtime into the past, so "kept its mtime" is observable."""
    for p in root.rglob("*"):
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def test_first_write_creates_the_tree_and_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = write_tree(FILES, out)
    assert sorted(report.written) == sorted([*FILES, MARKER])
    assert report.unchanged == () and report.removed == ()
    assert (out / "pkg" / "a.py").read_text() == "a = 1\n"
    assert (out / MARKER).is_file()
    assert leftovers(tmp_path) == []


def test_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    age(out)
    before = snapshot(out)
    report = write_tree({**FILES, "pkg/a.py": "a = 2\n"}, out)
    after = snapshot(out)
    assert report.written == ("pkg/a.py",)
    assert "pkg/__init__.py" in report.unchanged
    assert after["pkg/__init__.py"] == before["pkg/__init__.py"]
    assert after["pkg/a.py"][1] != before["pkg/a.py"][1]


def test_a_regeneration_writes_only_the_changed_files(tmp_path: Path) -> None:
    # The unchanged ones go into the new tree as the same files (hard links), not copies.
    out = tmp_path / "out"
    write_tree(FILES, out)
    inodes = {path: (out / path).stat().st_ino for path in FILES}
    write_tree({**FILES, "pkg/a.py": "a = 2\n"}, out)
    assert (out / "pkg/__init__.py").stat().st_ino == inodes["pkg/__init__.py"]
    assert (out / "README.md").stat().st_ino == inodes["README.md"]
    assert (out / "pkg/a.py").stat().st_ino != inodes["pkg/a.py"]
    assert (out / "pkg/__init__.py").stat().st_nlink == 1  # the old tree is gone


def test_unchanged_files_are_copied_where_hard_links_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    age(out)
    before = snapshot(out)

    def refused_link(src: Path, dst: Path, **kwargs: bool) -> None:
        raise OSError("no hard links on this filesystem")

    monkeypatch.setattr(os, "link", refused_link)
    write_tree({**FILES, "pkg/a.py": "a = 2\n"}, out)
    after = snapshot(out)
    assert after["pkg/__init__.py"] == before["pkg/__init__.py"]  # same bytes, same mtime
    assert after["README.md"] == before["README.md"]
    assert after["pkg/a.py"][0] == b"a = 2\n"


def test_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    age(out)
    before = snapshot(out)
    report = write_tree(FILES, out)
    assert report.written == () and report.removed == ()
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_files_no_longer_generated_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    remaining = {k: v for k, v in FILES.items() if k != "pkg/a.py"}
    report = write_tree(remaining, out, previous=[*FILES, MARKER])
    assert report.removed == ("pkg/a.py",)
    assert not (out / "pkg" / "a.py").exists()


def test_folders_emptied_by_removed_files_disappear(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = {**FILES, "pkg/sub/deep/x.py": "x = 1\n", "pkg/mixed/y.py": "y = 1\n"}
    write_tree(first, out)
    (out / "pkg" / "mixed" / "notes.txt").write_text("mine\n")
    report = write_tree(FILES, out, previous=first)
    assert sorted(report.removed) == ["pkg/mixed/y.py", "pkg/sub/deep/x.py"]
    assert not (out / "pkg" / "sub").exists()
    assert sorted(p.name for p in (out / "pkg" / "mixed").iterdir()) == ["notes.txt"]


# What the user (or a tool) puts beside the generated files: sdkgen never wrote any of it.
USER_FILES = {
    "LICENSE": b"MIT\n",
    "tests/test_mine.py": b"def test_x() -> None:\n    pass\n",
    ".github/workflows/ci.yml": b"on: push\n",
    ".mypy_cache/3.11/pkg/a.data.json": b"{}",
    "pkg/__pycache__/a.cpython-311.pyc": b"\x00\x01",
    "pkg/_custom/mine.py": b"hand = 1\n",
    "dist/pkg-1.0.tar.gz": b"\x1f\x8b",
}


def add_user_files(out: Path) -> None:
    for path, data in USER_FILES.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    (out / "build").mkdir()  # an empty folder
    (out / "tests" / "data").symlink_to("../LICENSE")  # a symlink, kept as a symlink
    os.chmod(out / "tests" / "test_mine.py", 0o750)


@pytest.mark.parametrize("previous", ["manifest", "unknown"])
def test_regeneration_keeps_every_file_it_did_not_write(tmp_path: Path, previous: str) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    add_user_files(out)
    age(out)
    before = snapshot(out)
    mode = (out / "tests" / "test_mine.py").stat().st_mode
    changed = {**FILES, "pkg/a.py": "a = 2\n", "pkg/b.py": "b = 1\n"}
    report = write_tree(changed, out, previous=[*FILES, MARKER] if previous == "manifest" else None)
    after = snapshot(out)
    assert sorted(report.written) == ["pkg/a.py", "pkg/b.py"]
    for path in USER_FILES:
        assert after[path] == before[path], path  # same bytes, same mtime
        assert path in report.kept
    assert (out / "tests" / "test_mine.py").stat().st_mode == mode
    assert (out / "build").is_dir() and "build" in report.kept
    assert os.readlink(out / "tests" / "data") == "../LICENSE"
    assert report.removed == () and report.replaced == ()
    assert report.previous_unknown == (previous == "unknown")
    assert leftovers(tmp_path) == []

    # A file the last generation wrote goes when it is no longer generated; the user's stay.
    report = write_tree(FILES, out, previous=[*changed, MARKER])
    assert report.removed == ("pkg/b.py",)
    assert {p: v for p, v in snapshot(out).items() if p in USER_FILES} == {
        p: v for p, v in after.items() if p in USER_FILES
    }


def test_without_a_record_of_what_it_wrote_nothing_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    remaining = {k: v for k, v in FILES.items() if k != "pkg/a.py"}
    report = write_tree({**remaining, "README.md": "# new\n"}, out, previous=None)
    assert report.removed == () and report.kept == ("pkg/a.py",) and report.previous_unknown
    assert (out / "pkg" / "a.py").read_text() == "a = 1\n"


def test_a_record_cannot_remove_hand_written_code(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    add_user_files(out)
    report = write_tree({**FILES, "README.md": "# new\n"}, out, previous=[*FILES, *USER_FILES])
    # The record claims every user file: all but the preserved _custom/ one go, as it says.
    assert "pkg/_custom/mine.py" not in report.removed
    assert (out / "pkg" / "_custom" / "mine.py").read_bytes() == USER_FILES["pkg/_custom/mine.py"]
    assert not (out / "LICENSE").exists()


def test_a_user_file_where_a_generated_one_goes_is_replaced_and_reported(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    (out / "pkg" / "b.py").write_text("mine = 1\n")
    (out / "docs").write_text("a file where a generated folder goes\n")
    report = write_tree(
        {**FILES, "pkg/b.py": "b = 1\n", "docs/index.md": "# docs\n"}, out, previous=FILES
    )
    assert sorted(report.replaced) == ["docs", "pkg/b.py"]
    assert (out / "pkg" / "b.py").read_text() == "b = 1\n"
    assert (out / "docs" / "index.md").read_text() == "# docs\n"


def test_a_user_folder_where_a_generated_file_goes_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    (out / "pkg" / "b.py").mkdir()
    (out / "pkg" / "b.py" / "mine.txt").write_text("keep me\n")
    age(out)
    before = snapshot(out)
    with pytest.raises(SdkgenError) as caught:
        write_tree({**FILES, "pkg/b.py": "b = 1\n"}, out, previous=FILES)
    assert caught.value.diagnostics[0].code == "write.conflict"
    assert caught.value.exit_code == 2
    assert "pkg/b.py/mine.txt" in caught.value.diagnostics[0].message
    assert snapshot(out) == before and leftovers(tmp_path) == []


def test_unchanged_output_with_user_files_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    add_user_files(out)
    age(out)
    before = snapshot(out)
    inode = out.stat().st_ino
    report = write_tree(FILES, out, previous=[*FILES, MARKER])
    assert report.written == () and report.removed == ()
    assert snapshot(out) == before and out.stat().st_ino == inode  # not even swapped


# --- permissions ---------------------------------------------------------------------------------


@pytest.fixture()
def umask_027():
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_new_output_gets_the_umask_permissions(tmp_path: Path, umask_027: None) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o750  # not mkdtemp's 0700
    assert stat.S_IMODE((out / "pkg").stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "pkg" / "a.py").stat().st_mode) == 0o640


def test_a_replaced_output_keeps_its_permissions(tmp_path: Path, umask_027: None) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    os.chmod(out, 0o755)
    os.chmod(out / "pkg", 0o711)
    os.chmod(out / "pkg" / "a.py", 0o600)
    (out / "private").mkdir(mode=0o700)
    (out / "private" / "key").write_text("secret\n")
    write_tree({**FILES, "pkg/a.py": "a = 2\n", "new/b.py": "b = 1\n"}, out, previous=FILES)
    assert (out / "pkg" / "a.py").read_text() == "a = 2\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "pkg").stat().st_mode) == 0o711
    assert stat.S_IMODE((out / "pkg" / "a.py").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "private").stat().st_mode) == 0o700
    assert stat.S_IMODE((out / "new").stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "new" / "b.py").stat().st_mode) == 0o640


def test_custom_directories_survive(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    (out / "_custom").mkdir()
    (out / "_custom" / "mine.py").write_text("hand = 1\n")
    (out / "pkg" / "_custom").mkdir()
    (out / "pkg" / "_custom" / "deep.py").write_text("deep = 1\n")
    age(out)
    before = snapshot(out)
    report = write_tree({"pkg/__init__.py": "x = 2\n"}, out, previous=FILES)
    after = snapshot(out)
    assert after["_custom/mine.py"] == before["_custom/mine.py"]
    assert after["pkg/_custom/deep.py"] == before["pkg/_custom/deep.py"]
    assert "_custom/mine.py" not in report.removed


def test_refuses_a_directory_it_did_not_generate(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "important.txt").write_text("keep me")
    with pytest.raises(SdkgenError) as caught:
        write_tree(FILES, out)
    assert caught.value.diagnostics[0].code == "write.not-generated"
    assert (out / "important.txt").read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["important.txt"]


def test_an_empty_directory_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    write_tree(FILES, out)
    assert (out / MARKER).is_file()


def test_paths_outside_the_output_are_refused(tmp_path: Path) -> None:
    for bad in ("../x.py", "/etc/x", "a/../../x", "a//b"):
        with pytest.raises(SdkgenError) as caught:
            write_tree({bad: ""}, tmp_path / "out")
        assert caught.value.diagnostics[0].code == "write.bad-path"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["copy", "link", "swap"])
def test_failure_midway_leaves_the_old_tree_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    out = tmp_path / "out"
    write_tree(FILES, out)
    (out / "_custom").mkdir()
    (out / "_custom" / "mine.py").write_text("hand = 1\n")
    add_user_files(out)
    age(out)
    before = snapshot(out)
    new = {**FILES, "pkg/a.py": "a = 2\n", "pkg/b.py": "b = 1\n"}

    if where == "link":
        links = {"n": 0}
        real_link = os.link

        def failing_link(src: Path, dst: Path, **kwargs: bool) -> None:
            links["n"] += 1
            if links["n"] == 4:
                raise PermissionError("not allowed")
            real_link(src, dst, **kwargs)

        def failing_copy(*args: object, **kwargs: object) -> None:
            raise OSError("disk full")  # the fallback of a refused link fails too

        monkeypatch.setattr(os, "link", failing_link)
        monkeypatch.setattr(shutil, "copy2", failing_copy)
    elif where == "copy":
        calls = {"n": 0}
        real = shutil.copy2

        def refused_link(src: Path, dst: Path, **kwargs: bool) -> None:
            raise OSError("no hard links on this filesystem")  # every entry goes by copy

        monkeypatch.setattr(os, "link", refused_link)

        def failing_copy(src: Path, dst: Path, **kwargs: bool) -> object:
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError("disk full")
            return real(src, dst, **kwargs)

        monkeypatch.setattr(shutil, "copy2", failing_copy)
    else:
        real_replace = os.replace

        def failing_replace(src: Path, dst: Path) -> None:
            if ".sdkgen-new-" in Path(src).name:
                raise OSError("rename failed")
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", failing_replace)

    with pytest.raises(OSError):
        write_tree(new, out, previous=FILES)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_generated_file_inside_a_preserved_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SdkgenError) as caught:
        write_tree({"pkg/_custom/x.py": ""}, tmp_path / "out")
    assert caught.value.diagnostics[0].code == "write.preserved-path"
