"""Settings: defaults, environment, flags, validation, and the README table."""

from pathlib import Path

import pytest

from scrutiny.settings import Settings, SettingsError, load_settings, settings_table

ROOT = Path(__file__).resolve().parents[2]


def test_flag_beats_environment_beats_default():
    env = {"SCRUTINY_INDEX_DIR": "/srv/index", "SCRUTINY_TOP_K": "5"}
    settings = load_settings({"top_k": 7, "mode": None}, environ=env)
    assert settings.index_dir == Path("/srv/index") and settings.top_k == 7
    assert settings.mode == Settings().mode


@pytest.mark.parametrize("overrides, message", [
    ({"top_k": 0}, "top_k must be 1-50"), ({"mode": "magic"}, "mode must be"),
    ({"port": 70000}, "port"), ({"batch_size": 0}, "batch_size"),
    ({"query_adapter": " "}, "query_adapter must be bundled, none or a .npy file"),
])
def test_wrong_values_are_rejected_with_the_value(overrides, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(overrides, environ={})


def test_readme_settings_table_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, variable, default, _ in settings_table():
        assert f"`{variable}`" in readme, name
        assert f"`{default}`" in readme, name
