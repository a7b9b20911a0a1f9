"""Stable ids of the findings that srm-check itself raises before any policy rule runs.

They cover reading a file and the shape of its data, waivers, and an agreement that no
rule of the policy checks (SRM030). They live in code, not in
`policies/`, because they hold whatever policy is in use; `builtin_rules()` gives
their documentation in the same form as policy rules.
"""

from __future__ import annotations

from srm_check.core.rule import RuleInfo
from srm_check.core.severity import Severity

HELP_BASE = "https://github.com/srm-check/srm-check/blob/main/docs/rules.md"

YAML_SYNTAX = "SRM001"
DUPLICATE_KEY = "SRM002"
ENCODING = "SRM003"
BINARY_FILE = "SRM004"
EMPTY_FILE = "SRM005"
TOO_LARGE = "SRM006"
TOO_DEEP = "SRM007"
ALIAS_LIMIT = "SRM008"
UNSUPPORTED_TAG = "SRM009"
UNKNOWN_KEY = "SRM010"
WRONG_TYPE = "SRM011"
REQUIRED_KEY = "SRM012"
UNREADABLE = "SRM013"
SYMLINK_OUTSIDE = "SRM014"
SYMLINK_DANGLING = "SRM015"
FOLDER_UNREADABLE = "SRM016"
WAIVER_EXPIRED = "SRM020"
WAIVER_EXPIRING = "SRM021"
WAIVER_UNUSED = "SRM022"
WAIVER_TOO_LONG = "SRM023"
INLINE_WAIVER_INVALID = "SRM024"
INLINE_WAIVER_FORBIDDEN = "SRM025"
CATALOGUE_UNCHECKED = "SRM030"

# (id, name, severity, title, description)
_BUILTINS: tuple[tuple[str, str, Severity, str, str], ...] = (
    (
        YAML_SYNTAX,
        "yaml-syntax",
        Severity.error,
        "The file is valid YAML",
        "The YAML parser could not read the file from this point: a bracket, quote or key never "
        "closed is shown where it opens. Nothing after it was checked.",
    ),
    (
        DUPLICATE_KEY,
        "yaml-duplicate-key",
        Severity.error,
        "A mapping does not repeat a key",
        "YAML forbids repeated keys; most tools silently keep one of the values. "
        "Duplicate responsibilities under `assignments` are reported by SRM106 instead.",
    ),
    (
        ENCODING,
        "file-encoding",
        Severity.error,
        "The file is UTF-8 text",
        "Agreements must be UTF-8 (UTF-16/32 with a byte-order mark are accepted, as YAML allows).",
    ),
    (
        BINARY_FILE,
        "file-binary",
        Severity.error,
        "The file is text, not binary",
        "The file holds NUL bytes, so it is not a YAML document.",
    ),
    (
        EMPTY_FILE,
        "file-empty",
        Severity.error,
        "The file holds an agreement",
        "An empty file (or one with only comments, or an empty document) records nothing.",
    ),
    (
        TOO_LARGE,
        "file-too-large",
        Severity.error,
        "The file is of a reasonable size",
        "Files over the size limit (5 MiB) are not read, so that a stray file cannot exhaust memory.",
    ),
    (
        TOO_DEEP,
        "yaml-too-deep",
        Severity.error,
        "Nesting stays shallow",
        "Documents nested deeper than 100 levels are not read; no agreement needs that depth.",
    ),
    (
        ALIAS_LIMIT,
        "yaml-alias-limit",
        Severity.error,
        "Files stay within the node limit",
        "A file with more than 200,000 nodes, aliases counted at their expanded size (a "
        "'billion laughs' bomb), or with more than 1,000 documents, is not read.",
    ),
    (
        UNSUPPORTED_TAG,
        "yaml-unsupported-tag",
        Severity.warning,
        "Only plain YAML tags are used",
        "Application tags such as `!python/object` carry no meaning here; the value is read as data.",
    ),
    (
        UNKNOWN_KEY,
        "schema-unknown-key",
        Severity.error,
        "Only documented keys are used",
        "A key that the format does not define is usually a typo. Keys starting with `x-` are "
        "free for extensions.",
    ),
    (
        WRONG_TYPE,
        "schema-type",
        Severity.error,
        "Values have the documented type",
        "A value has the wrong type or form for its key (for example a list where a mapping belongs).",
    ),
    (
        REQUIRED_KEY,
        "schema-required",
        Severity.error,
        "Required keys are present",
        "A key that the format requires is missing from this mapping.",
    ),
    (
        UNREADABLE,
        "file-unreadable",
        Severity.error,
        "The file can be read",
        "The operating system refused to read the file (permissions, or it vanished), or it is not "
        "a regular file (a FIFO or a device), which is never read.",
    ),
    (
        SYMLINK_OUTSIDE,
        "symlink-outside",
        Severity.error,
        "Symbolic links stay inside the checked folder",
        "A link that leads out of the checked folder is not followed, so that a committed link "
        "cannot make srm-check read (and quote) a file elsewhere on the machine. "
        "`--follow-symlinks` follows such links.",
    ),
    (
        SYMLINK_DANGLING,
        "symlink-dangling",
        Severity.error,
        "Symbolic links lead to a file",
        "A `*.yaml`/`*.yml` link whose target does not exist: the agreement it stood for was not checked.",
    ),
    (
        FOLDER_UNREADABLE,
        "folder-unreadable",
        Severity.error,
        "Every folder can be read",
        "The operating system refused to list this folder, so any agreement in it was not checked.",
    ),
    (
        WAIVER_EXPIRED,
        "waiver-expired",
        Severity.warning,
        "Waivers are removed when they expire",
        "An expired waiver no longer waives anything: the finding it covered fails again. "
        "Fix the finding, or renew the waiver with a new reason and date.",
    ),
    (
        WAIVER_EXPIRING,
        "waiver-expiring",
        Severity.warning,
        "Waivers are renewed or resolved before they expire",
        "The waiver expires within the warning window (30 days by default, `waiver-warn-days`).",
    ),
    (
        WAIVER_UNUSED,
        "waiver-unused",
        Severity.warning,
        "Every waiver covers a finding",
        "A waiver that matches no finding is stale: the problem was fixed or the waiver is mistyped.",
    ),
    (
        WAIVER_TOO_LONG,
        "waiver-too-long",
        Severity.error,
        "Waivers are time-limited",
        "The waiver's expiry lies further ahead than `waiver-max-days` (365 by default) allows, "
        "so it does not apply.",
    ),
    (
        INLINE_WAIVER_INVALID,
        "inline-waiver-invalid",
        Severity.error,
        "Inline waivers are complete",
        'A `# srm-check: waive RULE owner=... expires=YYYY-MM-DD reason="..."` comment needs a '
        "known rule, an owner, a real expiry date and a reason; a malformed one waives nothing.",
    ),
    (
        INLINE_WAIVER_FORBIDDEN,
        "inline-waiver-forbidden",
        Severity.error,
        "Inline waivers are allowed for the rule",
        "The configuration's `forbid-inline-waivers` lists this rule (or `*`): its findings can "
        "only be waived in the waivers file, where they are reviewed together.",
    ),
    (
        CATALOGUE_UNCHECKED,
        "catalogue-unchecked",
        Severity.error,
        "Some rule checks the assignments of the agreement's catalogue",
        "No rule of the policy in use looks at the assignments of agreements on this catalogue: "
        "each such rule is scoped to other catalogues (`catalogues:`) or turned off for this one "
        "(`overrides:`), or the policy has none (a catalogue-only policy with "
        "`--no-builtin-policy`). Without this finding the agreement would pass unchecked. Add "
        "rules that apply to the catalogue, or remove the scope or override that leaves it out; "
        "`srm-check validate-policy` warns about such a catalogue.",
    ),
)
# Built-in findings that are not about a file's structure.
_TAGS = {CATALOGUE_UNCHECKED: ["policy"]}

SEVERITY: dict[str, Severity] = {rule_id: severity for rule_id, _, severity, _, _ in _BUILTINS}
# Problems after which a file holds no data that rules could check.
UNREADABLE_FILE = frozenset(
    {
        YAML_SYNTAX,
        ENCODING,
        BINARY_FILE,
        EMPTY_FILE,
        TOO_LARGE,
        TOO_DEEP,
        ALIAS_LIMIT,
        UNREADABLE,
        SYMLINK_OUTSIDE,
        SYMLINK_DANGLING,
        FOLDER_UNREADABLE,
    }
)


def builtin_rules() -> list[RuleInfo]:
    """Documentation of the built-in findings, shaped like policy rules."""
    return [
        {
            "id": rule_id,
            "name": name,
            "severity": severity,
            "title": title,
            "message": "{message}",
            "description": description,
            "help_uri": f"{HELP_BASE}#{rule_id.lower()}",
            "tags": _TAGS.get(rule_id, ["structure"]),
        }
        for rule_id, name, severity, title, description in _BUILTINS
    ]
