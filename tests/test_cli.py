"""The `search` command through click's runner, and once as a real subprocess."""

import json
import subprocess
import sys

from search.cli import cli


def invoke(runner, *args, env=None):
    return runner.invoke(cli, list(args), env=env or {}, catch_exceptions=False)


def test_index_then_query_json(runner, corpus, new_index):
    ix = str(new_index)
    result = invoke(runner, "index", "--corpus", str(corpus), "--index", ix, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["indexed"] == 5 and report["languages"] == {"en": 4, "fr": 1}
    assert set(report) >= {"indexed", "updated", "deleted", "unchanged", "skipped", "languages", "seconds"}
    again = json.loads(invoke(runner, "index", "--corpus", str(corpus), "--index", ix, "--json").output)
    assert again["unchanged"] == 5 and again["indexed"] == 0

    out = json.loads(invoke(runner, "query", "Chesnel", "--index", ix, "--json").output)
    assert out["results"][0]["id"] == "003_a636edbbe810d867.txt"
    assert out["results"][0]["lang"] == "fr" and out["results"][0]["date"] == "2021-10-15"
    assert "<mark>Chesnel</mark>" in out["results"][0]["snippet"]
    assert out["facets"]["lang"] == {"fr": 1}


def test_environment_variables_set_defaults(runner, corpus, tmp_path):
    env = {"SEARCH_CORPUS": str(corpus), "SEARCH_INDEX": str(tmp_path / "envix")}
    assert invoke(runner, "index", env=env).exit_code == 0
    result = invoke(runner, "query", "donated", env=env)
    assert result.exit_code == 0 and "*donate*" in result.output and "3 result(s)" in result.output


def test_readable_output_and_no_result(runner, seeds_index):
    result = invoke(runner, "query", "zzqxv", "--index", str(seeds_index))
    assert result.exit_code == 0 and "0 result(s)" in result.output
    result = invoke(runner, "query", "demning", "--index", str(seeds_index))
    assert "Did you mean: demining" in result.output


def test_lang_filter_and_no_translate(runner, seeds_index):
    out = json.loads(invoke(runner, "query", "demining", "--lang", "fr", "--index", str(seeds_index), "--json").output)
    assert [r["id"] for r in out["results"]] == ["003_a636edbbe810d867.txt"]
    assert out["expanded"]["demining"][0] == "déminage"
    plain = json.loads(invoke(runner, "query", "demining", "--no-translate", "--index", str(seeds_index), "--json").output)
    assert plain["total"] == 4 and plain["expanded"] == {}


def test_stats(runner, seeds_index):
    out = json.loads(invoke(runner, "stats", "--index", str(seeds_index), "--json").output)
    assert set(out) == {"index", "articles", "languages", "duplicates", "lexicons"}  # IndexStats.to_dict()
    assert out["articles"] == 5 and out["languages"] == {"en": 4, "fr": 1} and out["duplicates"] == 0
    text = invoke(runner, "stats", "--index", str(seeds_index)).output
    assert "Articles: 5\n" in text and "  en: 4\n" in text and "Lexicon news glossary:" in text
    assert out["lexicons"][0]["name"] == "news glossary" and out["lexicons"][0]["entries"] > 500


def test_errors_go_to_stderr_without_traceback(tmp_path, seeds_index):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "search", *args], capture_output=True, text=True, timeout=60)

    missing = run("query", "x", "--index", str(tmp_path / "none"))
    assert missing.returncode != 0 and "run `search index` first" in missing.stderr
    assert "Traceback" not in missing.stderr + missing.stdout
    bad = run("query", "x", "--limit", "0", "--index", str(seeds_index))
    assert bad.returncode != 0 and "limit" in bad.stderr and "Traceback" not in bad.stderr
    nocorpus = run("index", "--corpus", str(tmp_path / "nothing"), "--index", str(tmp_path / "ix"))
    assert nocorpus.returncode != 0 and "corpus folder not found" in nocorpus.stderr
    ok = run("query", "(((", "--index", str(seeds_index))
    assert ok.returncode == 0 and "Traceback" not in ok.stderr


def test_skipped_files_set_the_exit_code(runner, corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 3
    assert json.loads(result.output)["skipped"] == [{"path": "empty.txt", "reason": "no text (empty or whitespace only)"}]


def test_lexicon_check_shows_every_source_and_what_is_used(runner, tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("first minister\tpremier ministre\n", "utf-8")
    result = invoke(runner, "lexicon", "check", "Premier ministre", "--json", env={"SEARCH_LEXICON": str(mine)})
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    glossary = [r for r in rows if r["source"] == "news glossary" and r["to"] == "en"]
    assert any(r["translation"] == "prime minister" and r["used"] for r in glossary)
    user = [r for r in rows if r["source"] == "user lexicon"]
    assert user and not any(r["used"] for r in user)  # the glossary's entry stands alone
    assert "No lexicon translates" in invoke(runner, "lexicon", "check", "zzqxv").output


def test_query_explain_lists_the_matches(runner, corpus, tmp_path):
    ix = str(tmp_path / "ix")
    invoke(runner, "index", "--corpus", str(corpus), "--index", ix)
    result = invoke(runner, "query", "ceasefire", "--index", ix, "--explain")
    assert result.exit_code == 0, result.output
    assert "ceasefire: ceasefire in en articles" in result.output
    assert "ceasefire → cessez-le-feu in fr articles" in result.output


def test_an_unreadable_lexicon_is_one_line_for_query_serve_and_check(tmp_path, seeds_index):
    import os

    env = {**os.environ, "SEARCH_LEXICON": str(tmp_path / "missing.tsv")}
    for args in (["query", "demining"], ["serve", "--port", "0"], ["lexicon", "check", "demining"]):
        index = ["--index", str(seeds_index)] if args[0] != "lexicon" else []
        done = subprocess.run([sys.executable, "-m", "search", *args, *index], capture_output=True, text=True,
                              timeout=60, env=env)
        assert done.returncode == 1, (args, done.stderr)
        assert f"cannot read the lexicon {tmp_path / 'missing.tsv'}" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout


def test_a_cluster_that_does_not_answer_is_one_line_without_the_password(runner, corpus, tmp_path, monkeypatch):
    """Every command on a Solr URL nobody listens at: one line naming the collection (never its
    password), a non-zero exit, and nothing written locally (no folder named 'http:')."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    url = "http://editor:s3cret@127.0.0.1:9/solr/news"
    for command in (["index", "--corpus", str(corpus)], ["query", "demining"], ["stats"]):
        result = invoke(runner, *command, "--index", url)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: Solr does not answer at http://127.0.0.1:9/solr/news"), result.output
        assert "s3cret" not in result.output and result.output.strip().count("\n") == 0
    assert list(work.iterdir()) == []


def test_lexicon_audit_lists_translations_too_common_to_mean_much(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"fr{i}.txt").write_text(f"Titre {i}\n\nCet article parle du sujet numéro {i}, selon "
                                           "les responsables interrogés mardi dans la capitale.", "utf-8")
    (corpus / "en.txt").write_text("A piece of news\n\nThe piece of land was sold on Tuesday, officials "
                                   "said in a statement.", "utf-8")
    mine = tmp_path / "mine.tsv"
    mine.write_text("piece\tarticle\nland\tterrain\n", "utf-8")
    ix = str(tmp_path / "ix")
    assert invoke(runner, "index", "--corpus", str(corpus), "--index", ix).exit_code == 0
    env = {"SEARCH_LEXICON": str(mine)}
    rows = json.loads(invoke(runner, "lexicon", "audit", "--index", ix, "--share", "0.5", "--json", env=env).output)
    mine_rows = [r for r in rows if r["lexicon"] == "user lexicon" and r["source"] == "en"]
    assert [(r["headword"], r["translation"], r["origin"]) for r in mine_rows] == [("piece", "article", "mine.tsv:1")]
    assert mine_rows[0]["translation_share"] == 1.0 and mine_rows[0]["ratio"] == 1.0
    text = invoke(runner, "lexicon", "audit", "--index", ix, "--share", "0.5", env=env).output
    assert "en→fr  piece (100.0%) → article (100.0%)" in text and "[user lexicon; mine.tsv:1]" in text


def test_query_by_date_says_how_many_articles_match_only_some_words(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Cathedral fire\n\n2019-04-15\n\nA fire ravages the cathedral roof.", "utf-8")
    (corpus / "b.txt").write_text("Forest fire\n\n2020-08-01\n\nA forest fire burns near the coast.", "utf-8")
    ix = str(tmp_path / "ix")
    assert invoke(runner, "index", "--corpus", str(corpus), "--index", ix).exit_code == 0
    newest = invoke(runner, "query", "cathedral fire", "--index", ix, "--sort", "date", "--no-translate").output
    assert newest.startswith("1 result(s) for 'cathedral fire'") and "a.txt" in newest and "b.txt" not in newest
    assert "By date: only the articles that match every word. 1 more match some of them" in newest
    ranked = invoke(runner, "query", "cathedral fire", "--index", ix, "--no-translate").output
    assert "2 result(s)" in ranked and "By date" not in ranked
