"""A shim stands in for a GPL library: what links against the original still loads and runs,
without a byte of the original's code. Real libraries compiled here, loaded with ctypes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("cc"),
                                reason="ELF shims are built on Linux with a C compiler")

GPL_SOURCE = """
const char original_code[] = "THE-ORIGINAL-GPL-CODE";
int gpl_levels[40] = {1, 2, 3};
int gpl_encoder_open(int x) { return x * 7 + original_code[0]; }
int gpl_unused(void) { return 5; }
"""
# Like libavcodec: reads the data symbol's address when it loads (GLOB_DAT), calls a function lazily.
USER_SOURCE = """
extern int gpl_levels[];
extern int gpl_encoder_open(int);
int *levels = gpl_levels;
int user_decode(void) { return 42; }
int user_encode(int x) { return gpl_encoder_open(x); }
"""


def _cc(*args):
    subprocess.run(["cc", *map(str, args)], check=True, capture_output=True)


@pytest.fixture
def libs(tmp_path):
    (tmp_path / "gpl.c").write_text(GPL_SOURCE)
    (tmp_path / "user.c").write_text(USER_SOURCE)
    libdir = tmp_path / "libs"
    libdir.mkdir()
    gpl = libdir / "libgplenc-0a1b2c3d.so.165"
    _cc("-shared", "-fPIC", "-Wl,-soname," + gpl.name, "-o", gpl, tmp_path / "gpl.c")
    user = libdir / "libuser.so"
    _cc("-shared", "-fPIC", "-o", user, tmp_path / "user.c", gpl, "-Wl,-rpath,$ORIGIN")
    return gpl, user


def _load_in_child(user: Path, call: str):
    code = (f"import ctypes; lib = ctypes.CDLL({str(user)!r}); "
            f"print(lib.{call})")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_leaving_the_library_out_breaks_what_links_it(libs):
    gpl, user = libs
    assert _load_in_child(user, "user_decode()").stdout.strip() == "42"
    gpl.unlink()
    done = _load_in_child(user, "user_decode()")
    assert done.returncode != 0 and gpl.name in done.stderr


def test_the_shim_keeps_the_rest_loading_and_refuses_the_encoder(shims, libs, tmp_path):
    gpl, user = libs
    assert shims.exported_symbols(gpl)["gpl_levels"] == ("data", 160)
    assert {"gpl_levels", "gpl_encoder_open"} <= shims.imported_symbols(user)
    shim = shims.build_shim(gpl, [user], tmp_path / "shims")
    assert shim.name == gpl.name and shims.soname(shim) == gpl.name
    assert shims.is_shim(shim) and not shims.is_shim(gpl)
    assert b"THE-ORIGINAL-GPL-CODE" not in shim.read_bytes()
    assert "gpl_unused" not in shims.exported_symbols(shim)  # only what the bundle imports
    shutil.copy(shim, gpl)
    assert _load_in_child(user, "user_decode()").stdout.strip() == "42"
    assert _load_in_child(user, "user_encode(3)").stdout.strip() == "0"  # the encoder is gone


def test_an_unused_library_s_shim_aborts_naming_the_call(shims, libs, tmp_path):
    gpl, user = libs
    shim = shims.build_shim(gpl, [user], tmp_path / "shims", on_call="abort")
    assert shims.is_shim(shim) and b"THE-ORIGINAL-GPL-CODE" not in shim.read_bytes()
    shutil.copy(shim, gpl)
    assert _load_in_child(user, "user_decode()").stdout.strip() == "42"  # loads and runs the rest
    done = _load_in_child(user, "user_encode(3)")
    assert done.returncode != 0 and done.stdout == ""
    assert f"dcstudio: gpl_encoder_open() of {gpl.name} was called" in done.stderr
    with pytest.raises(ValueError, match="on_call"):
        shims.shim_source({}, "libx.so", on_call="ignore")


def test_a_function_called_on_load_gets_a_body_of_its_own(shims, libs, tmp_path):
    gpl, user = libs
    body = "int gpl_encoder_open(int x) { return x + 1; }"
    shim = shims.build_shim(gpl, [user], tmp_path / "shims", on_call="abort", bodies={"gpl_encoder_open": body})
    shutil.copy(shim, gpl)
    assert _load_in_child(user, "user_encode(3)").stdout.strip() == "4"


def test_numpys_import_check_gets_a_real_dot_product(rules, tmp_path):
    """numpy/__init__.py's _sanity_check calls sdot as numpy loads: the OpenBLAS shim computes it."""
    source = tmp_path / "dot.c"
    source.write_text("\n".join(rules.SHIM_BODIES.values()))
    lib = tmp_path / "libdot.so"
    _cc("-shared", "-fPIC", "-o", lib, source)
    code = (f"import ctypes as c; lib = c.CDLL({str(lib)!r}); f = lib.scipy_cblas_ddot64_; f.restype = c.c_double; "
            "D = c.c_double * 6; x, y = D(0, 1, 2, 3, 4, 5), D(1, 1, 1, 1, 1, 1); "
            "print(f(c.c_long(6), x, c.c_long(1), y, c.c_long(1)), f(c.c_long(3), x, c.c_long(-2), x, c.c_long(2)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["15.0", "4.0"], done.stderr  # BLAS reads x backwards: 4*0 + 2*2 + 0*4


def test_a_symbol_that_c_cannot_name_is_refused(shims):
    with pytest.raises(ValueError, match="libx.so"):
        shims.shim_source({"bad name": ("function", 0)}, "libx.so")


def test_pyav_still_decodes_with_its_gpl_encoders_shimmed(shims, tmp_path):
    av = pytest.importorskip("av")
    from PIL import Image

    video = tmp_path / "probe.mp4"
    out = av.open(str(video), "w")
    stream = out.add_stream("libx264" if "libx264" in av.codecs_available else "mpeg4", rate=10)
    stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
    for i in range(10):
        out.mux(stream.encode(av.VideoFrame.from_image(Image.new("RGB", (64, 64), (i * 20, 0, 0)))))
    out.mux(stream.encode())
    out.close()
    site = tmp_path / "site"
    shutil.copytree(Path(av.__file__).parent, site / "av")
    libs = Path(av.__file__).parent.parent / "av.libs"
    if not libs.is_dir():
        pytest.skip("this PyAV has no av.libs (not a manylinux wheel)")
    shutil.copytree(libs, site / "av.libs")
    gpl = [p for p in (site / "av.libs").iterdir() if p.name.startswith(("libx264", "libx265"))]
    consumers = [p for p in (site / "av.libs").iterdir() if p not in gpl] + list((site / "av").rglob("*.so"))
    for lib in gpl:
        shutil.copy(shims.build_shim(lib, consumers, tmp_path / "shims"), lib)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import av; c = av.open(sys.argv[2]); "
            "print(sum(1 for _ in c.decode(video=0)))")
    done = subprocess.run([sys.executable, "-I", "-c", code, str(site), str(video)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "10"
