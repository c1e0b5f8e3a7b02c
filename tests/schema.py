#!/usr/bin/env python3
"""The front matter's JSON Schema (trappa schema) agrees with trappa check.

    tests/schema.py SCHEMA.json

- every dialogue, translation and free page of content/ (the example site)
  is valid against the schema;
- in every tests/broken/<case>/, each Markdown file that trappa check
  reports no error for is valid too: the schema is never stricter than
  Trappa;
- and each file trappa reports an error for in the cases of MUST_FAIL
  (errors of a field's presence, type, format or value, which JSON Schema
  can express) is invalid: the schema catches those mistakes in an editor.
Prints "schema: N passed, M failed"; exits 1 on any failure.
"""
import json
import os
import re
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The cases whose erroring files the schema must reject: a name alone for
# all of them, "case/path" for one file of the case.
MUST_FAIL = {
    "broken-links/content/dialoger/lankar.md",  # email: "mailto:anna@..."
    "contact-incomplete",  # a contact without email or phone
    "facet-limit",
    "invalid-date",
    "missing-required",
    "number-needs-quotes",
    "one-line-fields",
    "required-empty",
    "summary-too-long",
    "unknown-key",
    "unknown-level",
    "unknown-status",
    "updates-invalid-date",
    "updates-missing-text",
    "updates-unknown-key",
    "wrong-type",
}


class CoreLoader(yaml.SafeLoader):
    """YAML as Trappa reads it (the YAML 1.2 core schema): dates stay
    text, and only true/false (in three spellings) are booleans."""


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def front_matter(path):
    """The front matter as data, or None when the file has none."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return yaml.load("\n".join(lines[1:i]) + "\n", Loader=CoreLoader) or {}
    return None


def kind(rel, site_lang):
    """dialogue, translation or page for content/...; None for other files."""
    parts = rel.split("/")
    if len(parts) < 3 or not rel.endswith(".md"):
        return None
    if parts[1] == "sidor":
        return "page"
    if parts[1] != "dialoger":
        return None
    name = parts[-1][:-3] if len(parts) == 3 else parts[2]
    if len(parts) == 4 and parts[3].startswith("index."):
        name = parts[3][:-3]
    lang = name.split(".")[1] if "." in name else None
    return "translation" if lang and lang != site_lang else "dialogue"


def site_lang(site_dirs):
    for d in site_dirs:
        p = os.path.join(d, "content", "site.yaml")
        if os.path.exists(p):
            with open(p, encoding="utf-8-sig") as f:
                conf = yaml.load(f, Loader=CoreLoader) or {}
            return str(conf.get("language") or "sv")[:2].lower()
    return "sv"


def markdown_files(top):
    out = []
    for base, _dirs, files in os.walk(os.path.join(top, "content")):
        for name in files:
            if name.endswith(".md"):
                out.append(os.path.relpath(os.path.join(base, name), top))
    return sorted(out)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validators = {}
    for name in ("dialogue", "translation", "page"):
        s = dict(schema)
        s["allOf"] = [{"$ref": "#/definitions/" + name}]
        validators[name] = jsonschema.Draft7Validator(
            s, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)

    passed = failed = 0

    def result(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: " + what)

    def errors_of(top, rel, lang):
        k = kind(rel, lang)
        if k is None:
            return None, None
        try:
            data = front_matter(os.path.join(top, rel))
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            return k, ["not readable: %s" % e]
        if data is None:
            return k, None
        return k, [e.message for e in validators[k].iter_errors(data)]

    lang = site_lang([ROOT])
    for rel in markdown_files(ROOT):
        k, errs = errors_of(ROOT, rel, lang)
        if k is not None:
            result(errs == [], "%s (%s) is valid: %s" % (rel, k, errs))

    broken = os.path.join(ROOT, "tests", "broken")
    for case in sorted(os.listdir(broken)):
        files = os.path.join(broken, case, "files")
        if case == "base" or not os.path.isdir(files):
            continue
        with open(os.path.join(broken, case, "expected"), encoding="utf-8") as f:
            expected = f.read()
        erroring = set(re.findall(r"^(content/[^:\n]+?)(?::\d+:\d+)?: error:", expected, re.M))
        lang = site_lang([files, os.path.join(broken, "base")])
        for rel in markdown_files(files):
            k, errs = errors_of(files, rel, lang)
            if k is None or errs is None:
                continue
            if rel not in erroring:
                result(errs == [], "broken/%s: %s has no error in Trappa, but the schema says %s"
                       % (case, rel, errs))
            elif case in MUST_FAIL or case + "/" + rel in MUST_FAIL:
                result(errs != [], "broken/%s: %s has an error in Trappa, but the schema accepts it"
                       % (case, rel))

    print("schema: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
