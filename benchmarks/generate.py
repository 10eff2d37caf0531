"""Synthetic Sidelight content of any size, deterministic from a seed.

    .venv/bin/python benchmarks/generate.py --claims 1000 --seed 7 --out /tmp/bench/content

Writes N claims, N/5 sources of about 600 words, 40 outlets, 100 topics and two pages,
plus vocabulary.yaml and site.yaml copied from the test sample. The point is realism
where it costs time: articles with paragraphs, curly quotes, dashes and non-breaking
spaces, wrapped at varying widths; claims with 2–4 coverage entries whose quotes are
exact spans of the generated article (so they really anchor), often overlapping other
claims' quotes, with a `prefix` or `suffix` wherever the span occurs more than once;
Markdown summaries and notes; evidence; a few omissions (with `why`) and corrections; 40
claimants (people and public bodies) behind statements, attributions and opinions.

The content is fictional (invented places and people) and passes `check` with no
error; the generator verifies every quote against the same folding rules the anchor
stage uses before writing it, so a quote that would not anchor is never emitted.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "tests" / "sample" / "content"
N_OUTLETS, N_TOPICS = 40, 100

PLACES = ["Valdoria", "Northport", "Kessington", "Marrowby", "Ostrava Nova", "Lindqvist Bay", "Caldera",
          "Brenmoor", "Sarovic", "Elmstead", "Quillon", "Port Averne", "Drumlin", "Tessaly", "Vintra"]
PAPERS = ["Herald", "Courier", "Gazette", "Observer", "Tribune", "Post", "Chronicle", "Ledger", "Review",
          "Dispatch", "Wire", "Sentinel", "Monitor", "Examiner"]
KINDS = ["daily newspaper", "news agency", "public broadcaster", "weekly magazine", "news website",
         "state-funded broadcaster", "regional daily", "business daily"]
EVENTS = ["budget vote", "port strike", "border talks", "flood relief plan", "pension reform", "energy summit",
          "hospital closures", "election recount", "water rationing", "rail tender", "ceasefire talks",
          "grain deal", "mining licence", "school funding row", "bridge collapse inquiry", "tax amnesty",
          "fishing quota dispute", "vaccine contract", "data-protection bill", "stadium project"]
FIRST = ["Ana", "Piotr", "Mira", "Jonas", "Leila", "Tomas", "Ines", "Karim", "Sofia", "Aleksander", "Hanne",
         "Dario", "Yusuf", "Eliska", "Marta", "Oskar", "Nadia", "Rafael", "Greta", "Vlad"]
LAST = ["Koval", "Brandt", "Oyelaran", "Marsh", "Delacroix", "Novak", "Haddad", "Lindgren", "Ferreira",
        "Castell", "Ivers", "Moreau", "Saltz", "Petrescu", "Quint", "Arden", "Valk", "Osei", "Rahn", "Tuli"]
ROLES = ["the finance minister", "the interior minister", "the mayor", "the opposition leader",
         "a government spokesperson", "the central bank governor", "the union’s chair", "the health commissioner",
         "a senior diplomat", "the committee’s rapporteur", "the port authority’s director", "an economist"]
BODIES = ["the ministry", "the city council", "the central bank", "the port authority", "the regional assembly",
          "the audit office", "the health agency", "the electoral commission", "the coast guard",
          "the statistics bureau", "the transport union", "the energy regulator"]
NOUNS = ["budget", "deficit", "tender", "agreement", "inquiry", "subsidy", "contract", "shortfall", "levy",
         "reserve", "pipeline", "quota", "ruling", "audit", "forecast", "consortium", "settlement", "reform"]
ADJ = ["provisional", "disputed", "long-delayed", "emergency", "unpublished", "revised", "secret", "binding",
       "temporary", "record", "preliminary", "controversial", "cross-border", "annual", "bilateral"]
VERBS = ["approved", "rejected", "postponed", "signed", "leaked", "revised", "challenged", "announced",
         "suspended", "doubled", "halved", "froze", "extended", "cancelled", "published"]
PASSIVE = [v.replace("froze", "frozen") for v in VERBS]
SAY = ["said", "told reporters", "insisted", "warned", "claimed", "argued", "conceded", "added", "wrote"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend", "last week",
        "earlier this month", "late on Sunday", "in a statement", "overnight"]
HEDGES = ["reportedly", "allegedly", "according to people familiar with the matter", "so-called",
          "officials say", "it is understood"]
MONTH = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"]
RATINGS = ["accurate", "mostly-accurate", "missing-context", "mostly-inaccurate", "inaccurate", "unverifiable"]
STANCES = ["neutral", "neutral", "endorses", "questions", "disputes"]
FIDELITIES = ["faithful"] * 6 + ["loosened", "hardened", "distorted"]
KINDS_OF_CLAIM, KIND_WEIGHTS = ["statement", "attribution", "opinion"], [0.75, 0.15, 0.10]
N_CLAIMANTS = 40
N_PEOPLE = 8  # the desk's editors: claims' authors and second reviewers
FRAMES = ["economic", "capacity-resources", "morality", "fairness-equality", "legality", "policy",
          "crime-punishment", "security-defense", "health-safety", "quality-of-life", "cultural-identity",
          "public-opinion", "political", "external-regulation-reputation"]
DEVICES = ["name-calling", "doubt", "flag-waving", "appeal-to-authority", "appeal-to-fear", "loaded-language",
           "exaggeration-minimisation", "scare-quotes", "distancing-attribution", "unattributed-claim",
           "unnamed-experts", "one-sided-sourcing", "hedging", "repetition", "slogans"]
_FOLD = {**{c: "'" for c in "‘’‚‛′`"}, **{c: '"' for c in "“”„‟«»″"},
         **{c: "-" for c in "‐‑‒–—−"}, "…": "...", **{c: " " for c in "\u00a0\u202f\t\n\r"}}
_SPACES = re.compile(r" +")


# ---------------------------------------------------------------- prose


class Prose:
    """Sentences and paragraphs of news prose from a seeded random generator."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def pick(self, items):
        return self.r.choice(items)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def speaker(self) -> str:
        return self.pick([self.person() + ", " + self.pick(ROLES) + ",", cap(self.pick(ROLES)),
                          cap(self.pick(BODIES))])

    def amount(self) -> str:
        n = self.r.randint(2, 980)
        return self.pick([f"€{n} million", f"€\u00a0{n / 10:.1f} billion", f"{n} per cent", f"{n},000 people",
                          f"$ {n} million", f"{n}–{n + self.r.randint(3, 40)} tonnes", f"{n % 60 + 2} days"])

    def thing(self) -> str:
        return f"the {self.pick(ADJ)} {self.pick(NOUNS)}"

    def sentence(self) -> str:
        """One sentence from a dozen shapes: quotes, attributions, dashes, numbers."""
        s, t, a, d = self.speaker(), self.thing(), self.amount(), self.pick(DAYS)
        shape = self.r.randrange(12)
        return [
            f"{s} {self.pick(SAY)} {d} that {t} would cost {a}.",
            f"“{cap(self.clause())},” {self.person()} {self.pick(SAY)}.",
            f"{cap(self.pick(BODIES))} {self.pick(VERBS)} {t} {d}, a move worth {a}.",
            f"The figure — {a}, by {self.pick(BODIES)}’s own count — was {self.pick(PASSIVE)} {d}.",
            f"Critics called {t} a “{self.pick(ADJ)} {self.pick(NOUNS)}” and said it {self.pick(VERBS)} nothing.",
            f"{s} {self.pick(SAY)}: “We have {self.pick(VERBS)} {t}, and we will not apologise for it.”",
            f"According to {self.pick(BODIES)}, {t} {self.pick(VERBS)} {a} between {self.date_words()}.",
            f"It was not the first time {self.pick(BODIES)} had {self.pick(VERBS)} {t}.",
            f"The {self.pick(NOUNS)} is {self.pick(HEDGES)} worth {a}, though no document has been published.",
            f"{cap(self.pick(ROLES))} declined to comment on {t}.",
            f"Asked whether {t} was {self.pick(ADJ)}, {self.person()} {self.pick(SAY)} it was “too early to say.”",
            f"{cap(self.pick(BODIES))}’s {self.pick(NOUNS)} {self.pick(VERBS)} {a} {d} — "
            f"{self.pick(['far more', 'less', 'much more', 'slightly less'])} than {self.pick(BODIES)} expected.",
        ][shape]

    def clause(self) -> str:
        return f"{self.thing()} was {self.pick(PASSIVE)} without a vote in {self.pick(PLACES)}"

    def date_words(self) -> str:
        m = self.r.randrange(11)
        return f"{MONTH[m]} and {MONTH[m + 1]}"

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def article(self, words: int = 600, refrain: str = "") -> list[str]:
        """Paragraphs until about `words` words; a refrain, if given, appears twice."""
        paras, count = [], 0
        while count < words:
            para = self.paragraph(self.r.randint(2, 5))
            paras.append(para)
            count += len(para.split())
        if refrain:
            for at in sorted(self.r.sample(range(len(paras)), 2)):
                paras[at] = f"{paras[at]} {refrain}"
        return paras


# ---------------------------------------------------------------- quotes that anchor


def fold(text: str) -> str:
    """The anchor stage's folding: quote styles, dashes and runs of white space."""
    return _SPACES.sub(" ", "".join(_FOLD.get(c, c) for c in text))


def word_edge_hits(hay: str, needle: str) -> list[int]:
    """Where `needle` occurs in `hay` starting and ending at word edges."""
    hits, at = [], hay.find(needle)
    while at != -1:
        end = at + len(needle)
        left_ok = at == 0 or not (hay[at - 1].isalnum() and hay[at].isalnum())
        right_ok = end == len(hay) or not (hay[end].isalnum() and hay[end - 1].isalnum())
        if left_ok and right_ok:
            hits.append(at)
        at = hay.find(needle, at + 1)
    return hits


@dataclass
class Article:
    """A generated source: paragraphs as displayed, and the folded text quotes are checked against."""
    id: str
    paragraphs: list[str]
    text: str = ""
    folded: str = ""
    tokens: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self):
        self.text = "\n\n".join(self.paragraphs)
        self.folded = fold(self.text)
        self.tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", self.text)]


def passage(article: Article, rng: random.Random, refrain: str = "") -> dict | None:
    """An exact span of the article as a passage, with a prefix or suffix if it is not unique."""
    if refrain and rng.random() < 0.15:
        start = rng.choice([m.start() for m in re.finditer(re.escape(refrain), article.text)])
        span = (start, start + len(refrain))
    else:
        first = rng.randrange(len(article.tokens) - 4)
        if rng.random() < 0.5:  # editors often start a quote at a sentence
            first = sentence_start(article, first)
        last = min(len(article.tokens) - 1, first + rng.randint(3, 24))
        span = (article.tokens[first][0], article.tokens[last][1])
    quote = article.text[span[0]:span[1]].rstrip(",;:")
    if "\n\n" in quote:
        quote = quote.split("\n\n")[0]
    return disambiguate(article, span[0], quote, rng)


def sentence_start(article: Article, token: int) -> int:
    """The first token of the sentence holding `token`."""
    while token > 0 and article.text[article.tokens[token - 1][1] - 1] not in ".”":
        token -= 1
    return token


def disambiguate(article: Article, start: int, quote: str, rng: random.Random) -> dict | None:
    """{quote} if the quote is unique; else add the fewest words of prefix (or suffix) that make it so."""
    hits = word_edge_hits(article.folded, fold(quote).strip())
    if len(hits) == 1:
        return {"quote": styled(quote, rng)}
    before = article.text[:start].split()
    after = article.text[start + len(quote):].split()
    for n in range(1, 9):
        context = {"suffix": " ".join(after[:n])} if rng.random() < 0.3 and len(after) >= n else \
            {"prefix": " ".join(before[-n:])} if len(before) >= n else None
        if context and len(fitting(article, quote, context)) == 1:
            return {"quote": styled(quote, rng), **context}
    return None


def fitting(article: Article, quote: str, context: dict) -> list[int]:
    """Occurrences of the quote whose surroundings match the prefix or suffix, as `check` sees them."""
    hay, needle = article.folded, fold(quote).strip()
    out = []
    for at in word_edge_hits(hay, needle):
        if "prefix" in context and not hay[:at].rstrip().endswith(fold(context["prefix"]).strip()):
            continue
        if "suffix" in context and not hay[at + len(needle):].lstrip().startswith(fold(context["suffix"]).strip()):
            continue
        out.append(at)
    return out


def styled(quote: str, rng: random.Random) -> str:
    """As an editor pastes it: sometimes with straight quotes instead of curly ones."""
    if rng.random() < 0.2:
        return quote.replace("“", '"').replace("”", '"').replace("’", "'")
    return quote


# ---------------------------------------------------------------- documents


class Desk:
    """Builds every document of the synthetic site from one seeded generator."""

    def __init__(self, claims: int, seed: int):
        self.r = random.Random(seed)
        self.prose = Prose(self.r)
        self.n_claims, self.n_sources = claims, max(2, claims // 5)
        self.outlet_pairs = self.r.sample([(p, q) for p in PLACES for q in PAPERS], N_OUTLETS)
        self.outlets = [f"{slug(p)}-{slug(q)}" for p, q in self.outlet_pairs]
        events = [f"{self.r.choice(PLACES)} {self.r.choice(EVENTS)}" for _ in range(N_TOPICS)]
        self.topic_titles = [f"The {e}" for e in events]
        self.topics = [f"{slug(e)}-{i:03d}" for i, e in enumerate(events)]
        self.articles: dict[str, Article] = {}
        self.refrains: dict[str, str] = {}
        self.source_topic: dict[str, int] = {}
        self.source_outlet: dict[str, str] = {}
        self.by_topic: dict[int, list[str]] = {}
        self.claimant_docs = self.claimants()
        self.people_docs = self.people()

    def claimants(self) -> dict[str, dict]:
        """People with a role and public bodies, from their own generator (the rest of the
        content does not shift when this pool changes)."""
        r, out = random.Random(self.r.random()), {}
        for i in range(N_CLAIMANTS):
            if r.random() < 0.6:
                doc = {"name": f"{r.choice(FIRST)} {r.choice(LAST)}", "type": "person", "role": cap(r.choice(ROLES))}
            else:
                doc = {"name": cap(r.choice(BODIES)), "type": "organization", "role": "A public body"}
            out[f"{slug(doc['name'])}-{i:02d}"] = doc
        return out

    def people(self) -> dict[str, dict]:
        """The desk's editors, from their own generator like the claimants."""
        r, out = random.Random(self.r.random()), {}
        for i in range(N_PEOPLE):
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            out[f"{slug(name)}-{i:02d}"] = {"name": name, "role": "Fact-checker", "bio": "A fictional editor."}
        return out

    def topic_year(self, i: int) -> int:
        return 2018 + i % 8

    def date(self, year: int, month: int | None = None) -> str:
        month = month or self.r.randint(1, 12)
        return f"{year}-{month:02d}-{self.r.randint(1, 28):02d}"

    def outlet(self, i: int) -> dict:
        place, paper = self.outlet_pairs[i]
        kind = self.r.choice(KINDS)
        doc = {"name": f"The {place} {paper}", "country": place, "language": "English", "kind": kind,
               "description": f"A {kind} based in {place}. {self.prose.sentence()}"}
        if self.r.random() < 0.8:
            doc["url"] = f"https://{slug(place)}-{slug(paper)}.example.org/"
        else:
            doc["not_established"] = ["url"]
            doc["attribution"] = "Articles are attributed through **archived copies** only."
        return doc

    def topic(self, i: int) -> dict:
        year = self.topic_year(i)
        start = self.date(year)
        doc = {"title": self.topic_titles[i], "date": start,
               "summary": f"{self.prose.sentence()} {self.prose.sentence()}\n\nSee **{self.prose.thing()}**."}
        if self.r.random() < 0.3:
            doc["end_date"] = f"{year}-12-{self.r.randint(28, 31):02d}"  # after `date`, whatever its month
        return doc

    def source(self, i: int) -> tuple[str, dict, list[str]]:
        outlet, topic = self.outlets[self.r.randrange(N_OUTLETS)], self.r.randrange(N_TOPICS)
        sid = f"{outlet}-{i:05d}"
        refrain = f"{cap(self.r.choice(BODIES))} did not respond to a request for comment." \
            if self.r.random() < 0.5 else ""
        paras = self.prose.article(self.r.randint(560, 640), refrain)
        self.articles[sid], self.refrains[sid] = Article(sid, paras), refrain
        self.source_topic[sid], self.source_outlet[sid] = topic, outlet
        self.by_topic.setdefault(topic, []).append(sid)
        return sid, self.source_meta(sid, topic), paras

    def source_meta(self, sid: str, topic: int) -> dict:
        meta = {"title": f"{cap(self.prose.thing())} {self.r.choice(VERBS)} in {self.r.choice(PLACES)}",
                "outlet": self.source_outlet[sid], "language": "en"}
        if self.r.random() < 0.85:
            meta["published"] = self.date(self.topic_year(topic))
            meta["author"] = self.prose.person()
            meta["url"] = f"https://news.example.org/{self.topic_year(topic)}/{sid}"
        else:
            meta["published"] = self.date(self.topic_year(topic))[:7]
            meta["translated_from"] = self.r.choice(["ru", "uk", "pl", "de"])
            meta["note"] = "The day of publication is *not established*; this copy is a translation."
            meta["not_established"] = ["url", "author"]
        return meta

    def sources_for(self, topic: int, k: int, must: str | None) -> list[str]:
        """k distinct sources, from the claim's topic first, then neighbouring topics."""
        pool, step = [], 0
        while len(set(pool)) < k + 1:
            pool += self.by_topic.get((topic + step) % N_TOPICS, [])
            step += 1
        chosen = list(dict.fromkeys(([must] if must else []) + self.r.sample(sorted(set(pool)), k + 1)))
        return chosen[:k]

    def coverage_entry(self, sid: str) -> dict | None:
        article, refrain = self.articles[sid], self.refrains[sid]
        passages = [p for p in (passage(article, self.r, refrain) for _ in range(self.r.randint(1, 3))) if p]
        if not passages:
            return None
        unique = list({p["quote"] + p.get("prefix", "") + p.get("suffix", ""): p for p in passages}.values())
        fidelity = self.r.choice(FIDELITIES)
        entry = {"source": sid, "fidelity": fidelity, "stance": self.r.choice(STANCES), "passages": unique}
        if self.r.random() < 0.7:
            entry["frames"] = self.r.sample(FRAMES, self.r.randint(1, 2))
        if self.r.random() < 0.5:
            entry["devices"] = self.r.sample(DEVICES, self.r.randint(1, 2))
        if fidelity != "faithful" or self.r.random() < 0.4:
            entry["note"] = f"Calls it *{self.r.choice(ADJ)}*. {self.prose.sentence()}"
        return entry

    def claim(self, i: int, must: str | None) -> tuple[str, dict]:
        topic = self.source_topic[must] if must else self.r.randrange(N_TOPICS)
        year = self.topic_year(topic)
        cid = f"{slug(self.r.choice(NOUNS))}-{slug(self.r.choice(VERBS))}-{i:05d}"
        coverage = [e for e in (self.coverage_entry(s) for s in self.sources_for(topic, self.r.randint(2, 4), must)) if e]
        coverage += self.omissions({self.source_outlet[e["source"]] for e in coverage})
        kind = self.r.choices(KINDS_OF_CLAIM, KIND_WEIGHTS)[0] if coverage else "statement"
        who = self.r.choice(sorted(self.claimant_docs))
        doc: dict = {"claim": f"{cap(self.prose.thing())} {self.r.choice(VERBS)} {self.prose.amount()}.",
                     "kind": kind}
        if kind == "attribution":
            doc |= {"speaker": who, "attributed_by": [self.source_outlet[coverage[0]["source"]]]}
        else:
            doc["claimant"] = who
        doc |= {"topic": self.topics[topic], "date": self.date(year)}
        if kind != "opinion":
            doc["rating"] = self.r.choice(RATINGS)
            doc["verdict"] = cap(self.prose.sentence())
        doc |= {"summary": self.summary(), "coverage": coverage, "evidence": self.evidence(year),
                "author": self.r.choice(list(self.people_docs)), "reviewed": self.date(min(year + 1, 2026))}
        if self.r.random() < 0.05:
            doc["updated"] = doc["reviewed"][:4] + "-12-30"
            doc["corrections"] = [{"date": doc["updated"], "note": "An earlier version gave the wrong *month*."}]
        return cid, doc

    def omissions(self, covering: set[str]) -> list[dict]:
        if self.r.random() > 0.25:
            return []
        outlet = self.r.choice([o for o in self.outlets if o not in covering])
        why = ("Covered the event the same day but **not** this figure." if self.r.random() < 0.5
               else "Reported the decision without the claim it rests on.")
        return [{"omission": outlet, "why": why}]

    def summary(self) -> str:
        s = [self.prose.sentence() for _ in range(self.r.randint(2, 5))]
        words = s[0].split()
        words[1:3] = [f"**{' '.join(words[1:3])}**"]
        text = " ".join([" ".join(words)] + s[1:])
        if self.r.random() < 0.3:
            text += f"\n\n- {self.prose.sentence()}\n- {self.prose.sentence()}\n"
        if self.r.random() < 0.3:
            text += f"\n\nSee the [official record](https://records.example.org/{self.r.randrange(10**6)})."
        return fix_bold(text)

    def evidence(self, year: int) -> list[dict]:
        out = []
        for k in range(self.r.randint(1, 2)):
            e = {"title": f"{cap(self.prose.thing())}: {self.r.choice(['report', 'statement', 'minutes', 'data'])}",
                 "publisher": cap(self.r.choice(BODIES)),
                 "url": f"https://records.example.org/{year}/{self.r.randrange(10**6)}",
                 "date": self.date(year), "accessed": "2026-11-20"}
            e = {"kind": "primary" if k == 0 else "secondary", **e}
            e["lookup"] = f"https://web.archive.org/web/{e['date'].replace('-', '')}*/{e['url']}"
            if self.r.random() < 0.5:
                e["quote"] = self.prose.sentence()
            if self.r.random() < 0.3:
                e["note"] = f"Shows the *{self.r.choice(NOUNS)}* as published."
            out.append(e)
        return out


def cap(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower-case proper names)."""
    return text[:1].upper() + text[1:]


def fix_bold(text: str) -> str:
    """Keep `**` balanced so the Markdown renders as meant."""
    return text if text.count("**") % 2 == 0 else text.replace("**", "")


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


# ---------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict, schema: str | None = None) -> str:
    head = f"# yaml-language-server: $schema=../../schema/{schema}.schema.json\n" if schema else ""
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def wrapped(paragraphs: list[str], rng: random.Random) -> str:
    """Article text as pasted from a web page: lines wrapped at varying widths."""
    width = rng.randint(70, 110)
    return "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False, break_long_words=False)
                       for p in paragraphs) + "\n"


def generate(out: Path, claims: int, seed: int = 7) -> dict:
    """Write a whole content folder; returns counts of what was written."""
    if out.exists():
        shutil.rmtree(out)
    for folder in ("claims", "claimants", "people", "sources", "outlets", "topics", "pages"):
        (out / folder).mkdir(parents=True)
    for name in ("vocabulary.yaml", "site.yaml"):
        shutil.copy(SAMPLE / name, out / name)
    desk = Desk(claims, seed)
    write_outlets_topics(desk, out)
    write_sources(desk, out)
    passages = write_claims(desk, out)
    write_pages(out)
    return {"claims": claims, "sources": desk.n_sources, "outlets": N_OUTLETS, "topics": N_TOPICS,
            "passages": passages}


def write_outlets_topics(desk: Desk, out: Path) -> None:
    for i, oid in enumerate(desk.outlets):
        (out / "outlets" / f"{oid}.yaml").write_text(dump(desk.outlet(i), "outlet"), encoding="utf-8")
    for cid, doc in desk.claimant_docs.items():
        (out / "claimants" / f"{cid}.yaml").write_text(dump(doc, "claimant"), encoding="utf-8")
    for pid, doc in desk.people_docs.items():
        (out / "people" / f"{pid}.yaml").write_text(dump(doc, "person"), encoding="utf-8")
    for i, tid in enumerate(desk.topics):
        (out / "topics" / f"{tid}.yaml").write_text(dump(desk.topic(i), "topic"), encoding="utf-8")


def write_sources(desk: Desk, out: Path) -> None:
    for i in range(desk.n_sources):
        sid, meta, paras = desk.source(i)
        text = "---\n" + dump(meta) + "---\n" + wrapped(paras, desk.r)
        (out / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")


def write_claims(desk: Desk, out: Path) -> int:
    """Claims; the first n_sources of them each start from a different source so every source is cited."""
    sids, count = list(desk.articles), 0
    for i in range(desk.n_claims):
        cid, doc = desk.claim(i, sids[i] if i < len(sids) else None)
        count += sum(len(e.get("passages", [])) for e in doc["coverage"])
        (out / "claims" / f"{cid}.yaml").write_text(dump(doc, "claim"), encoding="utf-8")
    return count


def write_pages(out: Path) -> None:
    (out / "pages" / "about.md").write_text(
        "---\ntitle: About this desk\norder: 1\n---\nA **synthetic** desk generated for benchmarks.\n", encoding="utf-8")
    (out / "pages" / "methodology.md").write_text(
        "---\ntitle: Methodology\norder: 2\n---\nWe quote every outlet's *exact words*.\n\n"
        "1. Find the claim.\n2. Find the coverage.\n3. Rate it.\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, default=1000, help="number of claims N (sources: N/5)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, required=True, help="content folder to (re)create")
    args = p.parse_args(argv)
    counts = generate(args.out, args.claims, args.seed)
    print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
