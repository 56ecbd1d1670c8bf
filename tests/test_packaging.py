"""Packaging: desktop integration files, the MIME type, the icons, the install
script, the PyInstaller spec's entry point, and the benchmark runner's own
plumbing.

The full PyInstaller build is not run here (it takes minutes); run
``packaging/build.sh``, which builds and smoke-tests the real executables.
Tools that a minimal machine may lack (desktop-file-validate, appstreamcli,
update-mime-database, gio) are skipped with the reason; scripts/bootstrap.sh
installs them.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.verificationworkbench.VerificationWorkbench"
MIME_TYPE = "application/x-verification-workbench-project"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.mime.xml"
ICONS = ROOT / "workbench" / "data" / "icons" / "app"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
SMI = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install it; scripts/bootstrap.sh does)")
    return path


def _desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    cp = configparser.RawConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(path, encoding="utf-8")
    return cp["Desktop Entry"]


# --------------------------------------------------------------------------- project files


@pytest.fixture(scope="module")
def project_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A real project made by ``vwb demo`` under several names, and look-alikes."""
    d = tmp_path_factory.mktemp("mime")
    demo = d / "demo.db"
    r = subprocess.run([sys.executable, "-m", "workbench.cli.main", "demo", str(demo)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    files = {"demo.db": demo}
    for name in ("renamed.vwb.db", "no-extension", "project.sqlite3"):
        shutil.copy(demo, d / name)
        files[name] = d / name
    plain = d / "plain.db"  # someone else's SQLite database
    con = sqlite3.connect(plain)
    con.execute("CREATE TABLE t (x)")
    con.execute("PRAGMA application_id = 1234")
    con.commit()
    con.close()
    files["plain.db"] = plain
    text = d / "notes.db"
    text.write_text("SQLite format 3 is what this note is about, but it is text.\n" * 3)
    files["notes.db"] = text
    return files


OURS = ("demo.db", "renamed.vwb.db", "no-extension")


def test_demo_project_carries_the_application_id(project_files: dict[str, Path]) -> None:
    head = project_files["demo.db"].read_bytes()[:100]
    assert head.startswith(b"SQLite format 3\x00")
    assert head[68:72] == b"VWB1"
    from workbench.store.projectfile import APPLICATION_ID

    assert struct.unpack(">I", head[68:72])[0] == APPLICATION_ID == 0x56574231


# --------------------------------------------------------------------------- .desktop


def test_desktop_file_validates() -> None:
    tool = _tool("desktop-file-validate")
    r = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_desktop_file_opens_project_files() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "verification-workbench"
    assert "%f" in entry["Exec"].split()
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Icon"] == APP_ID
    assert entry.get("Terminal") == "false"


# --------------------------------------------------------------------------- AppStream


def test_metainfo_validates() -> None:
    tool = _tool("appstreamcli")
    r = subprocess.run([tool, "validate", "--no-net", "--no-color", str(METAINFO)],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0 and "--no-color" in r.stderr:  # older appstreamcli
        r = subprocess.run([tool, "validate", "--no-net", str(METAINFO)],
                           capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    # Errors and warnings fail; infos (e.g. <developer> on appstream < 1.0) are fine.
    assert not any(line.startswith(("E:", "W:")) for line in r.stdout.splitlines()), r.stdout


def test_metainfo_describes_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP.name
    assert root.find("description/p") is not None
    shots = root.findall("screenshots/screenshot/image")
    assert shots and shots[0].text.endswith("/window-document.png")
    assert root.find("content_rating").get("type") == "oars-1.1"
    from workbench import __version__

    versions = [r.get("version") for r in root.findall("releases/release")]
    assert versions and versions[0] == __version__, "add a <release> for the new version"
    assert MIME_TYPE in [m.text for m in root.findall("provides/mediatype")]
    assert {"verification-workbench", "vwb"} <= {b.text for b in root.findall("provides/binary")}


# --------------------------------------------------------------------------- MIME type


def _mime_type_element() -> ET.Element:
    root = ET.parse(MIME_XML).getroot()
    assert root.tag == f"{SMI}mime-info"
    types = root.findall(f"{SMI}mime-type")
    assert [t.get("type") for t in types] == [MIME_TYPE]
    return types[0]


def test_mime_xml_declares_the_project_type() -> None:
    mt = _mime_type_element()
    assert mt.find(f"{SMI}sub-class-of").get("type") == "application/vnd.sqlite3"
    globs = [g.get("pattern") for g in mt.findall(f"{SMI}glob")]
    assert "*.vwb.db" in globs
    assert "*.db" not in globs, "*.db is every SQLite file's name: recognise projects by content"
    magic = mt.find(f"{SMI}magic")
    assert int(magic.get("priority", "50")) > 50, "must outrank the plain SQLite rule"
    (outer,) = magic.findall(f"{SMI}match")
    assert (outer.get("type"), outer.get("value"), outer.get("offset")) == ("string", "SQLite format 3", "0")
    (inner,) = outer.findall(f"{SMI}match")
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert int(inner.get("value"), 0) == 0x56574231


def _value_bytes(m: ET.Element) -> bytes:
    """The bytes a shared-mime-info <match> looks for."""
    kind, value = m.get("type"), m.get("value")
    if kind == "string":
        return value.encode("latin-1").decode("unicode_escape").encode("latin-1")
    number = int(value, 0)
    fmt = {"big32": ">I", "little32": "<I", "host32": "=I", "big16": ">H", "little16": "<H",
           "host16": "=H", "byte": "B"}[kind]
    return struct.pack(fmt, number)


def _matches(m: ET.Element, data: bytes) -> bool:
    """shared-mime-info semantics: this match at any offset in its range, and any one child."""
    want = _value_bytes(m)
    lo, _, hi = m.get("offset").partition(":")
    lo_i = int(lo)
    hi_i = int(hi) if hi else lo_i
    mask = m.get("mask")
    mask_b = int(mask, 0).to_bytes(len(want), "big") if mask else None
    for off in range(lo_i, hi_i + 1):
        got = data[off:off + len(want)]
        if len(got) < len(want):
            break
        if mask_b is not None:
            ok = all((g & k) == (w & k) for g, w, k in zip(got, want, mask_b, strict=True))
        else:
            ok = got == want
        if ok:
            children = m.findall(f"{SMI}match")
            return not children or any(_matches(c, data) for c in children)
    return False


def magic_says_ours(path: Path) -> bool:
    magic = _mime_type_element().find(f"{SMI}magic")
    data = path.read_bytes()[:4096]
    return any(_matches(m, data) for m in magic.findall(f"{SMI}match"))


def test_magic_rule_matches_real_project_files_only(project_files: dict[str, Path]) -> None:
    for name in (*OURS, "project.sqlite3"):  # content decides, whatever the name
        assert magic_says_ours(project_files[name]), name
    assert not magic_says_ours(project_files["plain.db"])
    assert not magic_says_ours(project_files["notes.db"])


def _install_mime(data_home: Path) -> None:
    tool = _tool("update-mime-database")
    packages = data_home / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages / f"{APP_ID}.xml")
    r = subprocess.run([tool, str(data_home / "mime")], capture_output=True, text=True,
                       env={**os.environ, "XDG_DATA_HOME": str(data_home)}, timeout=60)
    assert r.returncode == 0, r.stderr
    assert (data_home / "mime" / "mime.cache").is_file()


def _query_filetype(path: Path, data_home: Path) -> str:
    """What the desktop's MIME database says ``path`` is (gio, else xdg-mime)."""
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "HOME": str(data_home.parent),
           "GIO_USE_VFS": "local", "XDG_DATA_DIRS": os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share")}
    gio = shutil.which("gio")
    if gio:
        r = subprocess.run([gio, "info", "-a", "standard::content-type", str(path)],
                           capture_output=True, text=True, env=env, timeout=30)
        for line in r.stdout.splitlines():
            if "standard::content-type:" in line:
                return line.split(":", 3)[-1].strip()
    xdg = shutil.which("xdg-mime")
    if xdg:
        r = subprocess.run([xdg, "query", "filetype", str(path)], capture_output=True, text=True,
                           env=env, timeout=30)
        return r.stdout.strip()
    pytest.skip("neither gio (libglib2.0-bin) nor xdg-mime (xdg-utils) is installed; "
                "the magic rule is still tested by test_magic_rule_matches_real_project_files_only")


def test_shared_mime_info_identifies_project_files(project_files: dict[str, Path], tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    _install_mime(data_home)
    for name in OURS:
        assert _query_filetype(project_files[name], data_home) == MIME_TYPE, name
    assert _query_filetype(project_files["plain.db"], data_home) != MIME_TYPE
    # An explicit "*.sqlite3" name is taken at its word (a glob beats a sub-class's magic).


def test_without_our_mime_file_a_project_is_just_sqlite(project_files: dict[str, Path], tmp_path: Path) -> None:
    """The control: the identification above comes from our file, not from the system."""
    empty = tmp_path / "share"
    (empty / "mime").mkdir(parents=True)
    assert _query_filetype(project_files["demo.db"], empty) != MIME_TYPE


# --------------------------------------------------------------------------- icons


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name}: not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_desktop_size() -> None:
    for size in ICON_SIZES:
        assert _png_size(ICONS / f"verification-workbench-{size}.png") == (size, size)
    svg = ET.parse(ICONS / "verification-workbench.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    ico = (ICONS / "verification-workbench.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and struct.unpack("<H", ico[4:6])[0] >= 5
    icns = (ICONS / "verification-workbench.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_icon_pngs_are_rendered_from_the_current_svg() -> None:
    pytest.importorskip("PySide6.QtSvg")
    r = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--check"],
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, "icons are stale, run packaging/make_icons.py:\n" + r.stdout + r.stderr


# --------------------------------------------------------------------------- install script


def test_install_script_into_a_temp_prefix(tmp_path: Path) -> None:
    bash = _tool("bash")
    prefix = tmp_path / "prefix"
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    program = tmp_path / "bin dir" / "verification-workbench"  # a path with a space
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    r = subprocess.run([bash, str(LINUX / "install.sh"), "--prefix", str(prefix), "--exec", str(program)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    share = prefix / "share"
    for size in ICON_SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert _png_size(icon) == (size, size)
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    desktop = share / "applications" / f"{APP_ID}.desktop"
    entry = _desktop_entry(desktop)
    assert entry["Exec"] == f'"{program}" %f'
    assert entry["TryExec"] == str(program)
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert v.returncode == 0 and not v.stdout.strip(), v.stdout
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").read_bytes() == MIME_XML.read_bytes()
    if shutil.which("update-mime-database"):
        types = (share / "mime" / "types").read_text()
        assert MIME_TYPE in types.split()
    assert not (tmp_path / "home").exists(), "the install touched HOME although a prefix was given"
    gio = shutil.which("gio")
    if gio and shutil.which("update-mime-database"):  # what a file manager asks: who opens this type?
        q = subprocess.run([gio, "mime", MIME_TYPE], capture_output=True, text=True, timeout=30,
                           env={**env, "XDG_DATA_HOME": str(share), "GIO_USE_VFS": "local"})
        default = [ln for ln in q.stdout.splitlines() if ln.startswith("Default application")]
        assert default and default[0].endswith(f": {APP_ID}.desktop"), q.stdout + q.stderr

    r = subprocess.run([bash, str(LINUX / "install.sh"), "--prefix", str(prefix), "--uninstall"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    left = [p for p in share.rglob(f"{APP_ID}*")]
    assert not left, left


def test_install_script_refuses_unknown_options(tmp_path: Path) -> None:
    r = subprocess.run([_tool("bash"), str(LINUX / "install.sh"), "--frobnicate"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "unknown option" in r.stderr


def test_shell_scripts_parse() -> None:
    bash = _tool("bash")
    for script in (LINUX / "install.sh", ROOT / "packaging" / "build.sh"):
        r = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True)
        assert r.returncode == 0, f"{script.name}: {r.stderr}"


# --------------------------------------------------------------------------- PyInstaller


def test_spec_compiles_and_bundles_what_the_app_needs() -> None:
    spec = ROOT / "packaging" / "verification-workbench.spec"
    source = spec.read_text(encoding="utf-8")
    compile(source, str(spec), "exec")
    assert '"packaging" / "entry.py"' in source
    assert '"workbench" / "data"' in source and 'collect_submodules("workbench")' in source
    assert "upx=False" in source


def _entry_module():
    spec = importlib.util.spec_from_file_location("vwb_entry", ROOT / "packaging" / "entry.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize(("argv0", "expected"), [
    ("/opt/vw/vwb", "cli"), ("vwb", "cli"), ("C:\\VW\\VWB.EXE", "cli"), ("vwb.exe", "cli"),
    ("/opt/vw/verification-workbench", "gui"), ("Verification Workbench", "gui"), ("", "gui"),
])
def test_entry_dispatches_by_executable_name(monkeypatch: pytest.MonkeyPatch, argv0: str, expected: str) -> None:
    entry = _entry_module()
    monkeypatch.delenv("VWB_ENTRY", raising=False)
    monkeypatch.setattr(sys, "argv", [argv0.replace("\\", "/") if "\\" in argv0 else argv0])
    assert entry._which() == expected
    monkeypatch.setenv("VWB_ENTRY", "cli")
    assert entry._which() == "cli"


def test_entry_runs_the_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    entry = _entry_module()
    monkeypatch.setenv("VWB_ENTRY", "cli")
    monkeypatch.setattr(sys, "argv", ["vwb", "demo", str(tmp_path / "d.db")])
    assert entry.main() == 0
    assert (tmp_path / "d.db").read_bytes()[68:72] == b"VWB1"


# --------------------------------------------------------------------------- benchmark runner


def _bench_run_module():
    sys.path.insert(0, str(ROOT))
    try:
        spec = importlib.util.spec_from_file_location("bench_runner", ROOT / "benchmarks" / "run.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(ROOT))


def test_benchmark_runner_reports_a_failing_module_as_an_error_row(tmp_path: Path) -> None:
    runner = _bench_run_module()
    (tmp_path / "bench_broken.py").write_text("def run(quick):\n    raise RuntimeError('boom')\n")
    (tmp_path / "bench_noimport.py").write_text("import does_not_exist_anywhere\n")
    (tmp_path / "bench_ok.py").write_text(
        "def run(quick):\n    return [{'name': 'x', 'value': 2.0, 'unit': 'ms', 'floor': 1.0, 'target': 3.0}]\n")
    rows = runner.run_modules(tmp_path, quick=True)
    by_module = {r["module"]: r for r in rows}
    assert by_module["bench_broken"]["status"].startswith("error: RuntimeError: boom")
    assert by_module["bench_noimport"]["status"].startswith("error: ")
    ok = by_module["bench_ok"]
    assert ok["status"] == "pass" and ok["ratio"] == pytest.approx(2.0)
    table = runner.format_table(rows)
    assert "error: RuntimeError: boom" in table and "pass" in table
    md = runner.format_markdown(rows)
    assert md.splitlines()[1].startswith("|---")


def test_benchmark_status_rules() -> None:
    runner = _bench_run_module()
    assert runner.judge({"name": "a", "value": 5, "unit": "ms", "target": 10})["status"] == "pass"
    assert runner.judge({"name": "a", "value": 15, "unit": "ms", "target": 10})["status"] == "FAIL"
    # a target of kind "ratio" is compared with value/floor
    row = runner.judge({"name": "a", "value": 30, "unit": "ms", "floor": 10, "target": 2, "target_of": "ratio"})
    assert row["ratio"] == pytest.approx(3) and row["status"] == "FAIL"
    assert runner.judge({"name": "a", "value": 1, "unit": "x"})["status"] == "info"
    # bigger-is-better figures (throughput)
    faster = {"name": "a", "value": 50, "unit": "/s", "target": 100, "higher_is_better": True}
    assert runner.judge(faster)["status"] == "FAIL"
    # targets written as text, as some modules do
    ratio = {"name": "a", "unit": "s", "floor": 1.0, "target": "ratio < 1.5"}
    assert runner.judge({**ratio, "value": 1.2})["status"] == "pass"
    assert runner.judge({**ratio, "value": 1.6})["status"] == "FAIL"
    assert runner.judge({"name": "a", "value": 0.3, "unit": "s", "target": "< 0.5 s"})["status"] == "pass"
    assert runner.judge({"name": "a", "value": 0.3, "unit": "s", "target": "< 200 ms"})["status"] == "FAIL"
    assert runner.judge({"name": "a", "value": 7, "unit": "anchors", "target": "info"})["status"] == "info"
    assert runner.judge({"name": "a", "value": 7, "unit": "s", "target": "fast please"})["status"].startswith("error")


def test_synthetic_project_is_a_valid_project(tmp_path: Path) -> None:
    # pysbd installs a top-level "benchmarks" package, so load ours by path.
    spec = importlib.util.spec_from_file_location("vwb_synth", ROOT / "benchmarks" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    data = synth.make_exchange(claims=40, sources=20, evidence=120, documents=4, doc_chars=6000, seed=3)
    from workbench.service import ProjectService

    svc = ProjectService.create(tmp_path / "s.db", "synthetic", analyst="bench")
    try:
        svc.load_exchange(data)
        assert len(svc.list_claims()) == 40
        assert len(svc.list_evidence()) == 120
        assert len(svc.assess_all()) == 40
    finally:
        svc.close()
    r = subprocess.run([sys.executable, "-m", "workbench.cli.main", "check", str(tmp_path / "s.db")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_entry_runs_the_memo_renderer_child_when_told() -> None:
    """The frozen app starts itself with VWB_ENTRY=render-pdf to render a memo PDF it can cancel."""
    import json
    import os
    import subprocess

    from workbench.memo.render_pdf import font_faces

    job = {"html": "<!DOCTYPE html><html lang='en'><title>t</title><h1>Memo heading</h1></html>",
           "style": font_faces(), "meta": {"authors": ["Jane Analyst"], "title": "t", "lang": "en"}}
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "entry.py")], input=json.dumps(job).encode(),
                          capture_output=True, env=dict(os.environ, VWB_ENTRY="render-pdf"), timeout=120,
                          check=True)
    head, _, body = done.stdout.partition(b"\n" + b"pdf ")
    assert head.startswith(b"page 1\nlaid_out 1"), done.stderr[-500:]
    pages, size_and_pdf = body.split(b" ", 1)
    size, pdf = size_and_pdf.split(b"\n", 1)
    assert pages == b"1" and int(size) == len(pdf) and pdf.startswith(b"%PDF-")
