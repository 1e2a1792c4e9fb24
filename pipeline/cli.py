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
    heads = " / ".join(f"{s['number']}{s['heading']}" for s in d["sections"])
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
