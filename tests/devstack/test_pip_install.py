"""`pip install .` (not editable) into a separate environment gives working plugins."""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_non_editable_install_gives_working_plugins():
    done = subprocess.run([str(ROOT / "devstack/check_install.sh")], capture_output=True, text=True,
                          timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pip install . gives working plugins" in done.stdout
