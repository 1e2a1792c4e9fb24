"""The ``fangan`` command: a thin layer over run / evaluate / dates / store.

Every subcommand maps library errors to a one-line message on stderr and an exit code;
machine output (``--json``) goes to stdout only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from pipeline import __version__

Handler = Callable[[argparse.Namespace], int]


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1))
    sys.stdout.write("\n")


# --------------------------------------------------------------------------- parse
def cmd_parse(args: argparse.Namespace) -> int:
    from pipeline.run import parse_file

    documents: list[dict] = []
    errors: list[dict] = []
    for path in args.files:
        result = parse_file(path)
        documents.extend(d.to_dict() for d in result.documents)
        errors.extend(e.to_dict() for e in result.errors)
    if args.json:
        if not args.blocks:
            for d in documents:
                d.pop("blocks", None)
        _print_json({"documents": documents, "errors": errors})
    else:
        for d in documents:
            _print_summary(d)
        for e in errors:
            print(f"ERROR {e['path']}: {e['reason']}", file=sys.stderr)
    return 0 if documents else 2


def _print_summary(d: dict) -> None:
    src = d["source"]
    print(f"{src['path']} [part {src['part']}] {src['format']}/{src['encoding'] or '-'}")
    print(f"  title:    {d['title']}")
    print(f"  kind:     {d['kind']}   campaign: {d['campaign_type']}   script: {d['script']}")
    if d.get("issuer") or d.get("doc_number") or d.get("date"):
        print(f"  issuer:   {d.get('issuer')}   no.: {d.get('doc_number')}   date: {d.get('date')}")
    heads = " / ".join(f"{s['number']} {s['heading']}" for s in d["sections"])
    if heads:
        print(f"  sections: {heads}")
    print(
        f"  tasks: {len(d['tasks'])}  phases: {len(d['phases'])}  leaders: {len(d['leaders'])}"
        f"  chars: {len(d['text'])}"
    )


# --------------------------------------------------------------------------- eval
def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline import evaluate

    return evaluate.main(args)


# --------------------------------------------------------------------------- dates
def cmd_dates(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from pipeline.dates import find_dates

    spans = find_dates(args.text, year=args.year)
    if args.json:
        _print_json(
            {"spans": [{k: v for k, v in asdict(s).items() if k != "evidence"} for s in spans]}
        )
    else:
        for s in spans:
            print(f"{s.raw}\t{s.start or '?'} ~ {s.end or '?'}")
    return 0


# --------------------------------------------------------------------------- train
def cmd_train(args: argparse.Namespace) -> int:
    from pipeline import learn

    return learn.main_train(args.shared, args.out, args.only)


# --------------------------------------------------------------------------- archive
DEFAULT_DB = "fangan.db"


def _open_db(path: str, *, must_exist: bool = True):  # type: ignore[no-untyped-def]
    import sqlite3
    from pathlib import Path

    from pipeline import store

    if must_exist and not Path(path).exists():
        raise SystemExit(f"fangan: no archive at {path} (run: fangan ingest FOLDER --db {path})")

    def upgrading(old: int, documents: int) -> None:
        print(f"fangan: upgrading archive {path} from schema {old} to {store.SCHEMA_VERSION}:"
              f" re-indexing {documents} documents, once", file=sys.stderr)  # fmt: skip

    try:
        return store.connect(path, on_upgrade=upgrading)
    except (store.StoreError, sqlite3.DatabaseError) as e:  # e.g. a file that is no archive
        raise SystemExit(f"fangan: cannot open archive {path}: {e}") from None


def _progress_bar():  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    return Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    import time

    from pipeline import ingest

    if not args.paths and not args.retry_failed:
        print("fangan ingest: give files/folders, or --retry-failed", file=sys.stderr)
        return 2
    opts = ingest.Options(
        workers=args.workers,
        timeout=args.timeout,
        max_bytes=int(args.max_mb * 2**20),
        retry_failed=args.retry_failed,
        reparse=args.reparse,
    )
    conn = _open_db(args.db, must_exist=False)
    t0 = time.monotonic()
    with _progress_bar() as bar:
        task = bar.add_task("ingest", total=None, rate="")

        def progress(s: ingest.Summary, total: int) -> None:
            dt = max(time.monotonic() - t0, 1e-6)
            rate = f"{s.done / dt:.1f} files/s {s.documents / dt:.1f} docs/s"
            bar.update(task, total=total, completed=s.done, rate=rate)

        summary = ingest.ingest(conn, args.paths, opts, progress)
    print(summary.line())
    return 0 if summary.failed == 0 else 1


def cmd_failures(args: argparse.Namespace) -> int:
    from pipeline import store

    rows = store.list_failures(_open_db(args.db))
    if args.json:
        _print_json({"total": len(rows), "failures": rows})
        return 0
    for r in rows:
        print(f"{r['failed_at']}  {r['path']}  {r['reason']}")
    print(f"{len(rows)} failures" + (" (retry: fangan ingest --retry-failed)" if rows else ""))
    return 0


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from pipeline.search import Filters, parse_years

    return Filters(
        campaign=args.campaign,
        kind=args.kind,
        years=parse_years(args.year),
        issuer=args.issuer,
        role=getattr(args, "role", None),
        owner=args.owner,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from pipeline.search import QueryError, search

    conn = _open_db(args.db)
    try:
        result = search(conn, args.query, _filters(args), limit=args.limit, in_=args.in_)
    except QueryError as e:
        print(f"fangan search: {e}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(result)
    else:
        _print_hits(result)
    return 0 if result["total"] else 1


def _print_hits(result: dict) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.text import Text

    console = Console(highlight=False)
    for i, h in enumerate(result["hits"], 1):
        title = escape(h["title"] or "(untitled)")
        meta = " · ".join(str(x) for x in (h["issuer"], h["year"], h["campaign_type"]) if x)
        console.print(f"[bold]{i}. {title}[/]  [dim]{escape(meta)}  {h['id']}[/]")
        task = h.get("task")
        if task:
            owners = "、".join(o["name"] for o in task["owners"])
            console.print(f"   任务: {escape(task['title'] or '')}  [dim]{escape(owners)}[/]")
        snippet = Text("   " + h["snippet"])
        snippet.highlight_regex(r"\[[^\[\]]+\]", "bold yellow")
        console.print(snippet)
    console.print(f"[dim]{result['total']} hits[/]")


def cmd_tasks(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pipeline import export
    from pipeline.search import QueryError

    conn = _open_db(args.db)
    try:
        if args.doc_id:
            ids = [args.doc_id]
        else:
            ids = export.select_documents(conn, args.query, _filters(args), args.limit)
    except QueryError as e:
        print(f"fangan tasks: {e}", file=sys.stderr)
        return 2
    matched = [p for p in (export.plan_tasks(conn, i) for i in ids) if p is not None]
    # a selection of many plans: only those that set tasks make a table
    plans = matched if args.doc_id else [p for p in matched if p.rows]
    if not plans:
        n = len(matched)
        why = f"{n} matching plan{'s' * (n != 1)}, none with tasks" if n else "no matching plan"
        print(f"fangan tasks: {why} in the archive", file=sys.stderr)
        return 1
    fmt = args.format or (Path(args.output).suffix.lstrip(".") if args.output else "md")
    if not args.output:
        if fmt in ("xlsx", "docx"):
            print(f"fangan tasks: --format {fmt} needs -o FILE", file=sys.stderr)
            return 2
        sys.stdout.write(export.to_markdown(plans) if fmt == "md" else "")
        if fmt == "csv":
            sys.stdout.write(export.to_csv(plans))
        elif fmt == "json":
            _print_json(export.to_json(plans))
        return 0
    export.write_tables(plans, fmt, Path(args.output))
    n = sum(len(p.rows) for p in plans)
    print(f"wrote {n} tasks from {len(plans)} plans to {args.output}", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from pipeline import show, store

    conn = _open_db(args.db)
    ids = store.doc_ids_named(conn, args.doc_id)
    if len(ids) != 1:
        many = f"matches {', '.join(ids)}{'…' * (len(ids) == 5)}: give more of the id"
        print(f"fangan show: {args.doc_id!r} {many if ids else 'is no plan in the archive'}",
              file=sys.stderr)  # fmt: skip
        return 1
    doc_id = ids[0]
    rec = store.load_record(conn, doc_id)
    assert rec is not None
    row = conn.execute(
        "SELECT f.* FROM files f JOIN documents d ON d.file_sha256 = f.sha256 WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    file_row = dict(row) if row is not None else None
    if args.json:
        _print_json({"record": rec, "file": file_row, "evidence": show.evidence_json(rec)})
    else:
        print("\n".join(show.render(rec, file_row)))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from pipeline import store

    s = store.stats(_open_db(args.db))
    if args.json:
        _print_json(s)
        return 0
    print(f"files {s['files']}  documents {s['documents']}  tasks {s['tasks']}"
          f"  failures {s['failures']}")  # fmt: skip
    for facet in ("campaign_type", "kind", "script", "year", "issuer", "format", "encoding",
                  "failure"):  # fmt: skip
        items = list(s[facet].items())
        shown = ", ".join(f"{k or '(none)'} {n}" for k, n in items[: args.top])
        more = f", … {len(items) - args.top} more" if len(items) > args.top else ""
        print(f"{facet}: {shown}{more}")
    return 0


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"archive file (default ./{DEFAULT_DB})")


def _facet_args(p: argparse.ArgumentParser) -> None:
    from pipeline.model import CAMPAIGN_TYPES, KINDS

    p.add_argument("--campaign", choices=CAMPAIGN_TYPES, help="campaign type")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--year", help="a year (2012) or a range (2010-2015)")
    p.add_argument("--issuer", help="issuer contains this text")
    p.add_argument("--owner", help="a task owner (牵头/配合单位) contains this text")
    _db_arg(p)


def _add_archive_parsers(sub) -> None:  # type: ignore[no-untyped-def]
    import os

    from pipeline.model import SECTION_ROLES

    raw = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "ingest",
        help="import files/folders/zips into the archive",
        description="Import plans into an SQLite archive; safe to re-run and to interrupt."
        "\n\nExample: fangan ingest scraped/ more.zip --db archive.db --workers 2",
        formatter_class=raw,
    )
    p.add_argument("paths", nargs="*", metavar="PATH")
    _db_arg(p)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parsing processes")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per file (default 60)")
    p.add_argument("--max-mb", type=float, default=64.0, help="skip larger files (default 64)")
    p.add_argument("--retry-failed", action="store_true", help="re-parse recorded failures")
    p.add_argument(
        "--reparse",
        action="store_true",
        help="parse files the archive already holds again (after upgrading fangan):"
        " changed records are replaced, unchanged ones left as they are",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "failures",
        help="list files that could not be imported",
        description="Example: fangan failures --db archive.db",
        formatter_class=raw,
    )
    _db_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_failures)

    p = sub.add_parser(
        "search",
        help="full-text search of the archive",
        description='Terms are ANDed; "quoted phrases"; A OR B; -term or NOT term excludes;'
        " simplified and traditional both work."
        "\n\nExample: fangan search 健康教育 --campaign sanitary_city --year 2010-2015"
        "\n         fangan search 健康教育 OR 爱国卫生 -城市 --in tasks",
        formatter_class=raw,
    )
    p.add_argument("query")
    _facet_args(p)
    p.add_argument("--role", choices=SECTION_ROLES, help="search inside sections of this role")
    p.add_argument("--in", dest="in_", choices=("documents", "tasks"), default="documents")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "tasks",
        help="export task tables (任务分解表) as xlsx/docx/csv/md/json",
        description="Example: fangan tasks 3f2a9c1d00aa11bb-1 --format xlsx -o tasks.xlsx"
        "\n         fangan tasks --query 创卫 --year 2012 --format docx -o tasks.docx",
        formatter_class=raw,
    )
    p.add_argument("doc_id", nargs="?", help="one document id (else use --query/facets)")
    p.add_argument("--query", help="select plans by a search query")
    _facet_args(p)
    p.add_argument("--format", choices=("xlsx", "docx", "csv", "md", "json"))
    p.add_argument("-o", "--output", help="output file (format from its suffix by default)")
    p.add_argument("--limit", type=int, default=1000, help="at most this many plans")
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser(
        "show",
        help="one archived plan, every field beside the original words it came from",
        description="Print a stored plan for checking: each extracted field (title, issuer,"
        " sections, tasks, owners, deadlines, targets...) with the source words it was read"
        " from, in the original script.\n\nExample: fangan show 3e1279bd4e5ce648-1 --db"
        " archive.db   (an id from fangan search; a unique prefix will do)",
        formatter_class=raw,
    )
    p.add_argument("doc_id", metavar="DOC_ID")
    _db_arg(p)
    p.add_argument("--json", action="store_true", help="the record, its file and evidence")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "stats",
        help="counts by campaign, kind, year, issuer",
        description="Example: fangan stats --db archive.db --json",
        formatter_class=raw,
    )
    _db_arg(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--top", type=int, default=10, help="values shown per facet")
    p.set_defaults(func=cmd_stats)


# --------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="fangan",
        description="Turn Chinese implementation plans (实施方案) into structured records.",
    )
    ap.add_argument("--version", action="version", version=f"fangan {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "parse",
        help="parse files into plan records",
        description="Parse plan files.\n\nExample: fangan parse plan.txt --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the record JSON (record.md)")
    p.add_argument(
        "--blocks",
        action="store_true",
        help="with --json, include each document's blocks (raw + normalized text)",
    )
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser(
        "eval",
        help="score parses against gold files or labels",
        description=(
            "Run the pipeline in-process on a folder and score it.\n\n"
            "With gold files (NAME.gold.json, default beside the inputs): one line per field,\n"
            "the same figures as the shared scorer (accuracy, or F1 for list fields).\n"
            "With --labels: accuracy of script, kind, campaign_type and title (compared after\n"
            "removing punctuation and spaces; rows whose title is null are skipped for the\n"
            "title). A file that parses into several documents is judged by its FIRST one.\n\n"
            "Examples:\n"
            "  fangan eval --inputs corpora/plans\n"
            "  fangan eval --inputs DEV --labels DEV/labels.jsonl   (DEV=../shared/corpora/dev)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--inputs", required=True, help="folder of input files")
    p.add_argument("--gold", help="folder of *.gold.json (default: --inputs)")
    p.add_argument("--labels", help="labels.jsonl with script/kind/campaign_type/title per file")
    p.add_argument("--json", help="also write the scores to this file")
    p.add_argument("--verbose", action="store_true", help="also print mismatches / misses")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "dates",
        help="find Chinese date expressions in a text",
        description="Example: fangan dates '2008年8月10日~9月10日' --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text")
    p.add_argument("--year", type=int, help="year for dates that omit it (e.g. 3月上旬)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dates)

    p = sub.add_parser(
        "train",
        help="train the section-role / kind / campaign classifiers into models/",
        description="Cross-validate, fit and save the JSON classifiers (no pickle).\n\n"
        "Example: fangan train --shared ../shared --only campaign",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--shared", help="the shared data folder (default: ../shared of the repo)")
    p.add_argument("--out", help="where to write the artifacts (default: models/)")
    p.add_argument("--only", choices=["roles", "kind", "campaign"], help="train one model")
    p.set_defaults(func=cmd_train)

    _add_archive_parsers(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
