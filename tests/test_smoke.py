import counterclaim


def test_analyze_returns_analysis_with_versions():
    a = counterclaim.analyze("Plain text with nothing attributed in it at all.")
    d = a.to_dict()
    assert d["article"]["text"].startswith("Plain text")
    assert "lexicon.cues" in d["article"]["versions"]
