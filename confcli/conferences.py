"""The conferences confcli knows by name, and where their virtual sites live."""

from __future__ import annotations

import re

KNOWN_CONFERENCES = {
    "iclr": "ICLR", "icml": "ICML", "neurips": "NeurIPS", "nips": "NeurIPS", "mlsys": "MLSys",
    "cvpr": "CVPR", "iccv": "ICCV", "eccv": "ECCV", "aistats": "AISTATS", "colm": "COLM",
    "uai": "UAI", "corl": "CoRL", "colt": "COLT", "acl": "ACL", "emnlp": "EMNLP",
    "naacl": "NAACL", "aaai": "AAAI", "ijcai": "IJCAI", "kdd": "KDD", "midl": "MIDL",
}  # fmt: skip
# The virtual sites, for making a page's site-relative links absolute (--base-url wins).
CONFERENCE_SITES = {
    "ICLR": "https://iclr.cc", "ICML": "https://icml.cc", "NeurIPS": "https://neurips.cc",
    "MLSys": "https://mlsys.org", "CVPR": "https://cvpr.thecvf.com",
    "ICCV": "https://iccv.thecvf.com",
}  # fmt: skip
CONFERENCE_NAME = re.compile(
    r"(?<![a-z])(" + "|".join(KNOWN_CONFERENCES) + r")[ _-]?((?:19|20)\d\d)", re.IGNORECASE
)


def conference_name(name: str) -> str:
    """'iclr' -> 'ICLR', 'neurips' -> 'NeurIPS'; other names are kept as written."""
    return KNOWN_CONFERENCES.get(name.lower(), name)


def conference_from_text(text: str) -> tuple[str, int] | None:
    """('ICLR', 2021) from 'iclr2021-oral-session-1.txt', 'ICML 2025', 'neurips_2020'."""
    match = CONFERENCE_NAME.search(text)
    return (conference_name(match[1]), int(match[2])) if match else None
