"""The layers: `core` depends on no app of liuhao, `unions` on `core` only, and no app on the project
package `liuhao` (settings, URLs, the commands that span apps). Read from the modules' imports, tests
left out (a test may build what it needs from any app)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "unions", "reports", "reviews", "counties", "onboarding")
MAY_NOT_IMPORT = {
    "core": {"liuhao", "unions", "reports", "reviews", "counties", "onboarding"},
    "unions": {"liuhao", "reports", "reviews", "counties", "onboarding"},
    "reports": {"liuhao", "counties", "onboarding"},
    "reviews": {"liuhao", "counties", "onboarding"},
    "counties": {"liuhao", "onboarding"},
    "onboarding": {"liuhao", "counties"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_layers_below_it(app):
    wrong = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        found = imported_packages(path) & MAY_NOT_IMPORT[app]
        if found:
            wrong[str(path.relative_to(ROOT))] = sorted(found)
    assert wrong == {}


def test_the_check_is_able_to_fail(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from reviews.models import Round\nimport liuhao.settings\n", encoding="utf-8")
    assert imported_packages(module) == {"reviews", "liuhao"}
