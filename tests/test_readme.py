"""The README's session example runs as printed and survives the server restart."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_session_survives_the_server_restart(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.findall(r"```python\n(.*?)```", readme, re.S)[0]
    script = tmp_path / "session.py"
    script.write_text(example, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "connected -> reconnecting" in lines
    assert "connecting -> connected" in lines
    after = lines[lines.index("connecting -> connected") + 1 :]
    assert any(line.startswith("trades.BTC-PERPETUAL.100ms ") for line in after)
    assert any(line.startswith("server time ") for line in after)
