"""Matchers over small made-up lexicons, for testing the engine's rules in isolation."""
from navigator.triage.lexicon import ROUTES, build_index, load_lexicon, load_needs
from navigator.triage.matcher import Matcher

ADVICE = "advice: {" + ", ".join(f"{r}: x" for r in ROUTES) + "}\n"


def matcher_over(folder, lexicons: dict[str, str]) -> Matcher:
    """A matcher over `lexicons` ({code: YAML body without advice}), written to `folder`."""
    needs = load_needs()
    loaded = {}
    for code, body in lexicons.items():
        path = folder / f"{code}.yaml"
        path.write_text(body + ADVICE, encoding="utf-8")
        loaded[code] = load_lexicon(path, needs)
    return Matcher(build_index(needs, loaded))
