"""Email domains: which account an address belongs to, and which addresses are our own.

An account's domains are declared (the ``domains`` column of the native
format) or, when none are declared, inferred from the domains its contacts'
emails share. A public webmail domain (gmail.com, outlook.com, yahoo.co.jp …)
never stands for an account: anyone can have an address there.

Domains are compared by their registered part under the public-suffix rules
(``mail.acme.co.uk`` and ``acme.co.uk`` are one organisation's; ``co.uk`` is
not), using ``tldextract`` with the suffix list bundled in the package: it
never goes to the network.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kamgraph.errors import KamgraphError

# Public webmail providers. A name here is webmail under every public suffix it is registered in
# (yahoo.com, yahoo.co.uk, yahoo.co.jp …); the full domains below are webmail only as written.
WEBMAIL_NAMES = frozenset({
    "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "rocketmail", "aol",
    "icloud", "gmx", "yandex", "protonmail", "zoho", "fastmail", "tutanota", "hushmail", "rediffmail",
    "libero", "laposte", "wanadoo", "seznam", "hanmail", "qq", "rambler", "bigpond", "btinternet", "sbcglobal",
    "earthlink", "optusnet",
})
WEBMAIL_DOMAINS = frozenset({
    "me.com", "mac.com", "web.de", "t-online.de", "freenet.de", "arcor.de", "posteo.de", "mailbox.org",
    "free.fr", "sfr.fr", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "centrum.cz", "abv.bg", "mail.ru",
    "list.ru", "bk.ru", "inbox.ru", "pm.me", "hey.com", "gmx.net", "tiscali.it", "alice.it", "virgilio.it",
    "telenet.be", "skynet.be", "ziggo.nl", "kpnmail.nl", "xs4all.nl", "planet.nl", "home.nl", "bluewin.ch",
    "sunrise.ch", "chello.at", "aon.at", "telia.com", "online.no", "eircom.net", "netzero.net", "juno.com",
    "yahoo.com", "btopenworld.com", "blueyonder.co.uk", "126.com", "163.com", "139.com", "foxmail.com",
    "yeah.net", "hotmail.com", "outlook.com", "live.com", "msn.com", "passport.com", "mail.com", "email.com",
    "proton.me", "tuta.io", "naver.com", "daum.net", "orange.fr", "aim.com", "comcast.net", "att.net",
    "verizon.net", "cox.net", "shaw.ca", "uol.com.br", "bol.com.br", "terra.com.br", "ig.com.br", "sina.com",
    "sohu.com", "aliyun.com", "ukr.net", "walla.co.il", "rediff.com", "inbox.com", "inbox.lv",
})

_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


@functools.cache
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the snapshot bundled with tldextract, no download, no cache file.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def host_of(address: str) -> str | None:
    """The lower-cased domain of an email address, or None if it has none.

    >>> host_of("Zoë.Ł@Mail.ACME.co.uk")
    'mail.acme.co.uk'
    """
    _, at, host = address.strip().rpartition("@")
    host = host.strip().strip(".").lower()
    return host if at and host else None


@functools.lru_cache(maxsize=65536)
def registered_domain(host: str) -> str | None:
    """The part of ``host`` an organisation registers, under the public-suffix rules; None for a bare suffix.

    A name under no public suffix (a reserved or private top level: ``.example``, ``.test``,
    ``.local``, ``.internal``, ``.corp`` — a company's own mail domain is often one) stands for
    its last two labels, so such an organisation's addresses still meet as one domain.

    >>> registered_domain("mail.acme.co.uk"), registered_domain("co.uk")
    ('acme.co.uk', None)
    >>> registered_domain("mail.acme.local"), registered_domain("northwind-retail.example"), registered_domain("localhost")
    ('acme.local', 'northwind-retail.example', None)
    """
    result = _extractor()(host)
    if not result.suffix:  # on no public list: the organisation is the last two labels, if there are two
        labels = [label for label in host.lower().strip(".").split(".") if label]
        return ".".join(labels[-2:]) if len(labels) >= 2 else None
    if not result.domain:
        return None
    return f"{result.domain}.{result.suffix}"


def is_webmail(host: str) -> bool:
    """True for a public webmail domain (or a host under one), where anyone can have an address.

    >>> is_webmail("gmail.com"), is_webmail("yahoo.co.jp"), is_webmail("acme.com")
    (True, True, False)
    """
    registered = registered_domain(host)
    if registered is None:
        return False
    return registered in WEBMAIL_DOMAINS or registered.split(".", 1)[0] in WEBMAIL_NAMES


def normalise_domain(value: str) -> str:
    """A domain as written (``www.acme.com``, ``https://acme.com/about``, ``@acme.com``) in lower case, without
    ``www.``; raises :class:`ValueError` for anything that is not a registrable domain.

    >>> normalise_domain("https://www.Acme.co.uk/contact")
    'acme.co.uk'
    """
    text = value.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    if text.startswith("www."):
        text = text[4:]
    try:
        text = text.encode("idna").decode("ascii")  # bücher.de → xn--bcher-kva.de, as mail carries it
    except UnicodeError:
        raise ValueError(f"'{value}' is not a domain") from None
    if not _HOST.match(text) or registered_domain(text) is None:
        raise ValueError(f"'{value}' is not a domain, such as acme.com")
    return text


def parse_domains(value: str) -> tuple[str, ...]:
    """Domains separated by ``;``, ``,`` or spaces, normalised, in order, without repeats.

    >>> parse_domains("acme.com; www.acme.de, https://acme.fr/")
    ('acme.com', 'acme.de', 'acme.fr')
    """
    parts = [p for p in re.split(r"[;,|\s]+", str(value)) if p]
    domains = tuple(dict.fromkeys(normalise_domain(p) for p in parts))
    webmail = [d for d in domains if is_webmail(d)]
    if webmail:
        raise ValueError(f"'{webmail[0]}' is a public webmail domain; it cannot stand for one account")
    return domains


@dataclass
class DomainMap:
    """Which account each customer domain belongs to, and which domains are ours.

    ``declared`` and ``inferred`` map a domain to an account id; ``ambiguous``
    holds inferred domains that contacts of several accounts share (none of
    them gets it; declare it to settle it).
    """

    ours: frozenset[str] = frozenset()
    declared: dict[str, str] = field(default_factory=dict)
    inferred: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def is_ours(self, host: str) -> bool:
        return any(h in self.ours for h in _parents(host))

    def account_for(self, host: str) -> str | None:
        """The account whose domain ``host`` is or is under; the most specific declared domain wins."""
        for h in _parents(host):
            if h in self.declared:
                return self.declared[h]
        for h in _parents(host):
            if h in self.inferred:
                return self.inferred[h]
        return None


def _parents(host: str) -> list[str]:
    """``host`` and each parent domain down to its registered domain (``a.b.acme.com`` → … ``acme.com``)."""
    registered = registered_domain(host)
    if registered is None:
        return [host]
    out = [host]
    while host != registered and "." in host:
        host = host.split(".", 1)[1]
        out.append(host)
    return out


def build_domain_map(
    accounts: Iterable[Mapping],
    people: Iterable[Mapping],
    our_domains: Iterable[str] = (),
) -> DomainMap:
    """Work out the account domains from stored accounts (``id``, ``domains``) and people (``email``, ``side``,
    ``account``).

    An account with declared domains uses those only. One without gets the
    registered domains of its contacts' emails, unless the domain is webmail,
    ours (given, or the domain of our own people's emails), declared by
    another account, or shared with another account's contacts.
    """
    ours = set()
    for domain in our_domains:
        try:
            ours.add(normalise_domain(domain))
        except ValueError as exc:
            raise KamgraphError(f"--our-domain: {exc}") from None
    for p in people:
        host = host_of(p.get("email") or "")
        if p.get("side") == "supplier" and host and not is_webmail(host) and registered_domain(host):
            ours.add(registered_domain(host))
    result = DomainMap(ours=frozenset(ours))
    for account in accounts:
        for domain in _domain_list(account.get("domains")):
            result.declared[domain] = account["id"]
    declared_accounts = set(result.declared.values())
    seen: dict[str, Counter] = defaultdict(Counter)
    for p in people:
        host = host_of(p.get("email") or "")
        account = p.get("account")
        if p.get("side") != "customer" or not host or not account or account in declared_accounts:
            continue
        registered = registered_domain(host)
        if registered and not is_webmail(host) and registered not in ours and registered not in result.declared:
            seen[registered][account] += 1
    for domain, counts in sorted(seen.items()):
        if len(counts) == 1:
            result.inferred[domain] = next(iter(counts))
        else:
            result.ambiguous[domain] = tuple(sorted(counts))
    return result


def _domain_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return list(parse_domains(value))
    return [normalise_domain(v) for v in value]


# -- our domains from a config file -------------------------------------------------------------------------

CONFIG_ENV = "KAMGRAPH_CONFIG"  # names the config file
CONFIG_NAME = "kamgraph.toml"  # else this file in the embedded store's directory, if there is one


def config_file(store_location: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """The kamgraph config file in force: the one ``$KAMGRAPH_CONFIG`` names (it must exist), else
    ``kamgraph.toml`` in the embedded store's directory when there is one, else None."""
    import os

    environ = os.environ if environ is None else environ
    named = environ.get(CONFIG_ENV)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise KamgraphError(f"${CONFIG_ENV} names {path}, which is not a file")
        return path
    if "://" in store_location:  # a server's URL: no directory of ours to look in
        return None
    path = Path(store_location).expanduser() / CONFIG_NAME
    return path if path.is_file() else None


def our_domains_from_config(path: str | Path) -> tuple[str, ...]:
    """The domains listed as ``our_domains`` in the ``[capture]`` table of a config TOML file, normalised.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
    ...     _ = f.write('[capture]\\nour_domains = ["Example.com", "https://www.example.de/"]\\n')
    >>> our_domains_from_config(f.name)
    ('example.com', 'example.de')
    """
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KamgraphError(f"{path}: not a readable TOML file ({exc})") from None
    section = data.get("capture", {})
    if not isinstance(section, dict):
        raise KamgraphError(f"{path}: 'capture' must be a table: [capture]")
    value = section.get("our_domains", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KamgraphError(f'{path}: [capture] our_domains must be a list of domains, e.g. ["example.com"]')
    out = []
    for item in value:
        try:
            out.append(normalise_domain(item))
        except ValueError as exc:
            raise KamgraphError(f"{path}: [capture] our_domains: {exc}") from None
    return tuple(dict.fromkeys(out))
