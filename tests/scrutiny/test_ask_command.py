"""`scrutiny ask` as a user runs it: a new process, the real model and the bundled index."""

import json
import subprocess
import sys


def test_ask_answers_the_issue_example_and_prints_no_loading_noise(bundled_index):
    result = subprocess.run([sys.executable, "-m", "scrutiny", "ask", "what is the PET fly-tip FPN baseline?",
                             "--index-dir", str(bundled_index), "--json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["abstained"] and "21 per month" in answer["answer"]
    assert "Loading weights" not in result.stderr  # transformers' progress bar is off
