"""Browsing the corpus like a dataset (issue 13): the index pages, their filters,
sorting, facets, pagination and downloads, the filtered API and CLI query commands.

The corpus is generated here (invented outlets, speakers and claims, a fixed seed);
every filtered answer is checked against the unfiltered rows filtered in Python, and
the unfiltered rows against what was stored.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from corpus_helpers import S, make_analysis  # noqa: E402
from counterclaim.cli import main  # noqa: E402
from counterclaim.errors import QueryError  # noqa: E402
from counterclaim.link.speakers import person_name
from counterclaim.store import Store  # noqa: E402
from counterclaim.store.filters import Filters  # noqa: E402
from counterclaim.web import create_app  # noqa: E402

OUTLETS = ["Pellow Courier", "Ambry Times", "Lune Valley Post"]
SPEAKERS = [("The harbour authority", "organization"), ("Mayor Ilse Varga", "person"),
            ("Ostrava", "government"), ("A fisheries inspector", "person"),
            ("The rail operator", "organization"), ("Residents of Pellow", "group")]
CLAIMS = ["the old ferry was sold to a shipyard in Corvale",
          "the north pier repairs went over budget by four million",
          "the flood barrier failed its spring inspection",
          "the copper mine licence was extended without a hearing"]
STANCES = ["assert", "deny", "hedge", "question", "criticize"]
EVIDENCE = ["cited", "absent", "none", "none", "disputed"]
N_ARTICLES = 14


def _spec() -> list[dict]:
    """What the corpus holds: per article its outlet, date and statements."""
    rng = random.Random(1313)
    arts = []
    for i in range(N_ARTICLES):
        month, day = 1 + i % 4, 1 + (i * 5) % 27
        stmts = []
        for _ in range(rng.randint(2, 5)):
            name, kind = rng.choice(SPEAKERS)
            c = rng.randrange(len(CLAIMS))
            stmts.append(S(name, rng.choice(STANCES), CLAIMS[c], kind=kind,
                           hedged=rng.random() < 0.25, evidence=rng.choice(EVIDENCE),
                           prop=f"c{c}"))
        arts.append({"id": f"art{i:02d}", "outlet": OUTLETS[i % 3],
                     "date": None if i == 5 else f"2026-{month:02d}-{day:02d}",
                     "title": None if i == 7 else f"Harbour news {i}", "statements": stmts})
    return arts


SPEC = _spec()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browse") / "c.db"
    with Store(path) as store:
        for a in SPEC:
            store.add(make_analysis(a["id"], a["statements"], outlet=a["outlet"],
                                    published=a["date"], title=a["title"], filler=2),
                      source=f"t:{a['id']}")
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def _browse(client: TestClient, index: str, **params: object) -> dict:
    r = client.get(f"/api/browse/{index}", params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def all_statements(client: TestClient) -> list[dict]:
    return _browse(client, "statements")["items"]


# --- the unfiltered indexes hold what was stored ------------------------------------

def test_the_indexes_hold_the_corpus(client: TestClient, all_statements: list[dict]) -> None:
    # every article also holds its outlet's own voice (kind "outlet", link.voice)
    voices = [r for r in all_statements if r["speaker_kind"] == "outlet"]
    assert len(voices) == N_ARTICLES
    assert len(all_statements) - len(voices) == sum(len(a["statements"]) for a in SPEC)
    arts = _browse(client, "articles")
    assert arts["total"] == N_ARTICLES
    assert {(r["ext_id"], r["outlet"], r["date"]) for r in arts["items"]} == {
        (a["id"], a["outlet"], a["date"]) for a in SPEC}
    # the corpus lists a person without the title before the name ("Mayor Ilse Varga"
    # is Ilse Varga, link.speakers.person_name)
    kinds = dict(SPEAKERS)
    spoken = Counter(person_name(s.speaker) if kinds.get(s.speaker) == "person" else s.speaker
                     for a in SPEC for s in a["statements"])
    speakers = _browse(client, "speakers")["items"]
    assert {r["name"]: r["n_statements"] for r in speakers
            if r["kind"] != "outlet"} == dict(spoken)
    by_content = Counter((person_name(s.speaker) if kinds.get(s.speaker) == "person" else
                          s.speaker, s.stance, s.content) for a in SPEC for s in a["statements"])
    assert Counter((r["speaker"], r["stance"], r["content"]) for r in all_statements
                   if r["speaker_kind"] != "outlet") == by_content


# --- every filter, on every index, against the rows filtered in Python ---------------

def _keep(f: dict, row: dict) -> bool:
    date = row["date"]
    return ((not f.get("since") or (date is not None and date >= f["since"]))
            and (not f.get("until") or (date is not None and date <= f["until"]))
            and (not f.get("outlet") or (row["outlet"] or "").lower() == f["outlet"].lower())
            and (not f.get("speaker") or row["speaker"] == f["speaker"])
            and all(not f.get(k) or row[k] == f[k]
                    for k in ("speaker_kind", "stance", "side", "evidence"))
            and (f.get("hedged") is None or bool(row["hedged"]) == (f["hedged"] == "yes")))


FILTERS = [
    {"outlet": "Ambry Times"}, {"outlet": "ambry times"}, {"since": "2026-03-01"},
    {"until": "2026-02-15"}, {"since": "2026-02-01", "until": "2026-03-31"},
    {"until": "2026-02"}, {"speaker": "Ostrava"}, {"speaker_kind": "person"},
    {"stance": "deny"}, {"side": "hedging"}, {"evidence": "cited"}, {"hedged": "yes"},
    {"hedged": "no"}, {"outlet": "Pellow Courier", "stance": "assert", "since": "2026-01-10"},
    {"speaker": "The harbour authority", "side": "denying"}, {"outlet": "Nowhere Gazette"},
]


def _expand(f: dict) -> dict:
    """``until=2026-02`` means the end of February."""
    return {**f, "until": f["until"] + "-31"} if len(f.get("until", "")) == 7 else f


@pytest.mark.parametrize("f", FILTERS, ids=[json.dumps(f) for f in FILTERS])
def test_statement_filters(client: TestClient, all_statements: list[dict], f: dict) -> None:
    want = [r for r in all_statements if _keep(_expand(f), r)]
    got = _browse(client, "statements", **f)
    assert [r["id"] for r in got["items"]] == [r["id"] for r in want]
    assert got["total"] == len(want)


@pytest.mark.parametrize("f", FILTERS, ids=[json.dumps(f) for f in FILTERS])
def test_grouped_indexes_follow_the_statement_filters(client: TestClient,
                                                      all_statements: list[dict],
                                                      f: dict) -> None:
    want = [r for r in all_statements if _keep(_expand(f), r)]
    speakers = _browse(client, "speakers", **f)["items"]
    # an unresolved speaker (a pronoun) is no one to list: its statements are not counted
    assert {r["id"]: r["n_statements"] for r in speakers} == dict(
        Counter(r["speaker_id"] for r in want if r["speaker_kind"] != "unresolved"))
    assert all(r["denying"] == sum(1 for w in want if w["speaker_id"] == r["id"]
                                   and w["side"] == "denying") for r in speakers)
    articles = _browse(client, "articles", **f)["items"]
    statement_level = set(f) - {"outlet", "since", "until"}
    if statement_level:
        assert {r["id"] for r in articles} == {r["article_id"] for r in want}
    else:  # article filters keep articles, with or without statements
        arts = _browse(client, "articles")["items"]
        assert {r["id"] for r in articles} == {r["id"] for r in arts if _keep(
            _expand(f), {**r, "speaker": None, "hedged": 0})}
    disputes = _browse(client, "disputes", **f)["items"]
    all_disputes = {r["id"] for r in _browse(client, "disputes")["items"]}
    assert {r["id"]: r["n_statements"] for r in disputes} == dict(Counter(
        r["proposition_id"] for r in want if r["proposition_id"] in all_disputes))


def test_speaker_filter_takes_an_id_or_a_mention(client: TestClient) -> None:
    by_name = _browse(client, "statements", speaker="Mayor Ilse Varga")
    sid = by_name["items"][0]["speaker_id"]
    assert _browse(client, "statements", speaker=str(sid))["total"] == by_name["total"] > 0
    assert _browse(client, "statements", speaker="mayor ilse varga")["total"] == by_name["total"]
    assert _browse(client, "statements", speaker="Nobody Atall")["total"] == 0


@pytest.mark.parametrize("index", ["articles", "statements", "speakers", "disputes"])
def test_facets_count_the_rows_of_the_index(client: TestClient, index: str) -> None:
    res = _browse(client, index, stance="deny")
    unit = {"articles": "article_id", "statements": "id", "speakers": "speaker_id",
            "disputes": "proposition_id"}[index]
    rows = _browse(client, "statements", stance="deny")["items"]
    if index == "disputes":
        ids = {r["id"] for r in res["items"]}
        rows = [r for r in rows if r["proposition_id"] in ids]
    for name in ("outlet", "side", "evidence", "speaker_kind"):
        want = Counter()
        for value in {r[name] for r in rows}:
            want[value] = len({r[unit] for r in rows if r[name] == value})
        assert {v["value"]: v["count"] for v in res["facets"][name]} == dict(want), name
    assert [v["value"] for v in res["facets"]["stance"]] == ["deny"]


# --- sorting and pages ---------------------------------------------------------------

SORTS = [("articles", "date", "date"), ("articles", "-statements", "n_statements"),
         ("articles", "title", "title"), ("statements", "-date", "date"),
         ("statements", "speaker", "speaker"), ("speakers", "name", "name"),
         ("speakers", "-denying", "denying"), ("disputes", "-last", "last_date"),
         ("disputes", "statements", "n_statements")]


@pytest.mark.parametrize("index,sort,key", SORTS)
def test_sorting(client: TestClient, index: str, sort: str, key: str) -> None:
    rows = _browse(client, index, sort=sort)["items"]
    values = [r[key] for r in rows]
    present = [v.lower() if isinstance(v, str) else v for v in values if v is not None]
    assert present == sorted(present, reverse=sort.startswith("-"))
    assert values[len(present):] == [None] * (len(values) - len(present))  # nulls last


def test_unknown_sort_and_bad_values_are_400_with_the_reason(client: TestClient) -> None:
    for url, words in [("/statements?sort=colour", "sort statements by"),
                       ("/articles?since=2026-13-01", "not a date"),
                       ("/statements?stance=shout", "stance must be one of"),
                       ("/speakers?hedged=perhaps", "hedged must be yes or no"),
                       ("/disputes?since=2026-05-01&until=2026-04-01", "is after until")]:
        r = client.get(url)
        assert r.status_code == 400, url
        assert words in r.text, url
    assert client.get("/api/browse/statements?stance=shout").status_code == 400
    assert client.get("/api/browse/sentences").status_code == 404
    assert client.get("/statements?page=0").status_code in (400, 422)


def test_pages_and_downloads_hold_exactly_the_rows_shown(client: TestClient) -> None:
    q = {"stance": "assert", "sort": "-date", "per_page": 4}
    first = _browse(client, "statements", stance="assert", sort="-date", limit=8)["items"]
    page2 = client.get("/statements", params={**q, "page": 2})
    assert page2.status_code == 200
    def link(r: dict) -> str:  # the statement's permalink, by stable ids
        return f'href="/articles/{r["article_uid"]}#statement-{r["ext_id"]}"'

    for r in first[4:8]:
        assert link(r) in page2.text
    assert link(first[0]) not in page2.text
    csv_r = client.get("/statements.csv", params={**q, "page": 2})
    assert csv_r.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_r.text)))
    assert [int(r["id"]) for r in rows] == [r["id"] for r in first[4:8]]
    lines = client.get("/statements.json", params={**q, "page": 2}).text.splitlines()
    assert [json.loads(x) for x in lines] == first[4:8]
    # the page links to exactly these downloads
    assert 'href="/statements.csv?stance=assert&amp;sort=-date&amp;per_page=4&amp;page=2"' \
        in page2.text


def test_downloads_stream_in_batches(db: Path) -> None:
    with Store(db, readonly=True) as store:
        whole = store.browse("statements", Filters(), limit=1000, facets=False)["items"]
        assert list(store.iter_browse("statements", limit=1000, batch=3)) == whole
        assert list(store.iter_browse("statements", limit=7, offset=2, batch=3)) == whole[2:9]


# --- the HTML pages ------------------------------------------------------------------

@pytest.mark.parametrize("index", ["articles", "statements", "speakers", "disputes"])
def test_index_pages_render_with_facets_and_filter_links(client: TestClient,
                                                         index: str) -> None:
    r = client.get(f"/{index}")
    assert r.status_code == 200
    assert "Content-Security-Policy" in r.headers
    assert '<table class="index-table' in r.text
    assert f'href="/{index}?outlet=Ambry+Times"' in r.text  # a facet value adds a filter
    f = client.get(f"/{index}", params={"outlet": "Ambry Times", "stance": "deny"})
    assert "Filtered by" in f.text
    assert f'href="/{index}?stance=deny" title="remove this filter"' in f.text
    assert 'aria-sort="' in r.text


def test_speakers_with_a_slash_is_the_index_not_a_speaker(client: TestClient) -> None:
    r = client.get("/speakers/", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/speakers"
    assert '<table class="index-table index-speakers' in client.get("/speakers/").text


def test_untitled_and_undated_rows_say_so(client: TestClient) -> None:
    text = client.get("/articles", params={"per_page": 100}).text
    # art07 has no title: its first sentence, marked as such
    first = SPEC[7]["statements"][0]
    assert f"{first.speaker} said {first.content}. <span class=\"untitled\">" \
           "(no headline: first sentence)" in text
    assert ">undated<" in text
    assert "????" not in text


def test_empty_result_suggests_removing_a_filter(client: TestClient) -> None:
    r = client.get("/statements", params={"outlet": "Nowhere Gazette"})
    assert r.status_code == 200
    assert "Nothing matches these filters" in r.text


def test_search_is_filtered_like_the_indexes(client: TestClient,
                                             all_statements: list[dict]) -> None:
    res = client.get("/api/search", params={"q": "ferry", "outlet": "Ambry Times",
                                            "limit": 1000}).json()
    want = {r["id"] for r in all_statements if "ferry" in r["content"]
            and r["outlet"] == "Ambry Times"}
    assert {s["id"] for s in res["statements"]} == want
    assert {a["outlet"] for a in res["articles"]} <= {"Ambry Times"}
    assert res["filters"] == {"outlet": "Ambry Times"}


# --- Filters -------------------------------------------------------------------------

@pytest.mark.parametrize("values,expect", [
    ({}, {}), ({"outlet": "  Ambry   Times "}, {"outlet": "Ambry Times"}),
    ({"since": "2026"}, {"since": "2026"}), ({"until": "2026"}, {"until": "2026-12-31"}),
    ({"until": "2026-02"}, {"until": "2026-02-31"}), ({"hedged": "Yes"}, {"hedged": True}),
    ({"hedged": "0"}, {"hedged": False}), ({"stance": ""}, {}), ({"colour": "red"}, {}),
])
def test_filters_parse(values: dict, expect: dict) -> None:
    assert Filters.parse(values).to_dict() == expect


@pytest.mark.parametrize("values", [
    {"since": "yesterday"}, {"until": "2026-02-30"}, {"stance": "shout"},
    {"side": "left"}, {"evidence": "rumour"}, {"speaker_kind": "robot"}, {"hedged": "maybe"},
    {"outlet": "x" * 301}, {"since": "2026-03-02", "until": "2026-03-01"},
])
def test_filters_refuse_bad_values(values: dict) -> None:
    with pytest.raises(QueryError):
        Filters.parse(values)


# --- the CLI query commands ----------------------------------------------------------

def _cli(db: Path, *args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, [*args, "--db", str(db)], env={"COLUMNS": "80"})
    return res.exit_code, res.output


def test_cli_filters_match_the_store(db: Path, all_statements: list[dict]) -> None:
    code, out = _cli(db, "speakers", "--stance", "deny", "--outlet", "Ambry Times", "--json")
    assert code == 0, out
    got = {json.loads(x)["name"]: json.loads(x)["n_statements"] for x in out.splitlines()}
    assert got == dict(Counter(r["speaker"] for r in all_statements
                               if r["stance"] == "deny" and r["outlet"] == "Ambry Times"))
    code, out = _cli(db, "disputes", "--since", "2026-03-01", "--until", "2026-04", "--json")
    assert code == 0, out
    for line in out.splitlines():
        d = json.loads(line)
        assert "2026-03-01" <= d["first_date"] <= d["last_date"] <= "2026-04-31"
    who = next(r["speaker"] for r in all_statements if "pier" in r["content"])
    code, out = _cli(db, "search", "pier", "--speaker", who, "--limit", "1000", "--json")
    assert code == 0, out
    stmts = [x for x in map(json.loads, out.splitlines()) if x["type"] == "statement"]
    assert {x["id"] for x in stmts} == {r["id"] for r in all_statements
                                        if "pier" in r["content"] and r["speaker"] == who}


@pytest.mark.parametrize("args", [
    ("disputes", "--outlet", "Pellow Courier"), ("speakers", "--since", "2026-02-01"),
    ("search", "ferry", "--stance", "assert", "--until", "2026-03-31"),
])
def test_cli_filtered_output_fits_80_columns(db: Path, args: tuple[str, ...]) -> None:
    code, out = _cli(db, *args)
    assert code == 0, out
    assert out.strip()
    assert max(len(line) for line in out.splitlines()) <= 80


def test_cli_bad_filter_is_one_line_and_a_usage_exit(db: Path) -> None:
    code, out = _cli(db, "speakers", "--since", "2026-13")
    assert code != 0 and "not a date" in out and "Traceback" not in out
    code, out = _cli(db, "disputes", "--search", "ferry", "--stance", "deny")
    assert code == 2 and "cannot be combined" in out


def test_read_only_answers_follow_a_write_by_another_process(tmp_path: Path) -> None:
    """The read-only store remembers facets and totals only while the file is unchanged."""
    path = tmp_path / "live.db"
    with Store(path) as w:
        w.add(make_analysis("l1", [S("Ostrava", "deny", "the dam leaks")], outlet="Lune Post",
                            published="2026-01-02", filler=1), source="t:l1")
    with Store(path, readonly=True) as r:
        # its statement and the outlet's own voice
        assert r.browse("statements")["total"] == 2
        stances = {v["value"]: v["count"] for v in r.facets("statements")["stance"]}
        assert stances["deny"] == 1 and sum(stances.values()) == 2
        with Store(path) as w:
            w.add(make_analysis("l2", [S("Veldra", "assert", "the dam leaks")],
                                outlet="Lune Post", published="2026-01-03", filler=1),
                  source="t:l2")
        assert r.browse("statements")["total"] == 4
        stances = {v["value"]: v["count"] for v in r.facets("statements")["stance"]}
        assert "assert" in stances and sum(stances.values()) == 4
