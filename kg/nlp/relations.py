"""Relation patterns over typed entity spans, cue words and the article's acting subject.

Each pattern family is a function ``(sentence, ents, context) -> [RelationHit]``
registered in :data:`PATTERNS` and listed in the pipeline config. They read
the article through :class:`kg.nlp.discourse.ArticleContext` (acting subject,
paragraph topic, company in view). Hits refer to entities by
their index in ``doc.ents``.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from .implements import SIGNING, signatories  # (importing it registers the implements pattern)
from . import posts as _posts  # noqa: F401  (registers the holdsPost and leads patterns)
from .discourse import COUNTRIES, TARGETS, ArticleContext, EntityMention, RelationHit, _OPENING, _YEAR
from .relation_cues import RelationCues
from ..lexicon import words
from .tokenizer import doc_text
from .grammars import _alternation
from .relation_registry import CLAUSE_BREAK, PATTERNS, clause_end as _clause_end, clause_start as _clause_start, pattern, pattern_words

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=[])


@pattern("products")
def products_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """A product is made by the organisation that opens its clause (某银行开发“甲贷”, 某厂的工人装配电饭锅),
    which then is the company in view for the clauses after it; else by the company the text is about."""
    hits = []
    for product in ents:
        if product.label_ != "Product":
            continue
        clause_start = _clause_start(sentence, product.start_char)
        subjects = [e for e in ents if clause_start <= e.start_char and e.end_char <= product.start_char
                    and e.label_ == "Organisation" and ctx.can_act(e)]
        if subjects and _opens_clause(sentence, subjects[0]):
            ctx.company = ctx.index[subjects[0].start]
        maker = ctx.maker(product.start_char)
        if maker is not None:
            hits.append(ctx.hit(sentence, maker, "produces", ctx.index[product.start], "pattern:maker-product", 0.7))
    return [h for h in hits if h]


_SUPPLY = re.compile(rf"(?:{pattern_words('supply_prepositions')})([^。；;]{{2,60}}?)(?:等[^。；;]{{0,12}}?)?(?:{pattern_words('supply_verbs')})([^,，。;；]{{0,16}})")
_FUNDING = re.compile(pattern_words("funding_words"))
_SUPPLIER_OF = re.compile(pattern_words("supplier_nouns"))
_COPULA = re.compile(pattern_words("copulas"))


@pattern("customers")
def customers_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """为/向 A、B、C 等…提供/供应 (d07: 向 + a foreign company + 提供): each listed organisation is a customer of the
    supplier, unless what is provided is money (提供资金支持, 贷款): then the provider funds each listed
    organisation or project; X是A核心供应商,B A级供应商 (d03, d10 成为美的、九阳等…供应商): A and B are X's customers.
    The supplier is the organisation written before the list in its clause, or one opening an earlier
    clause of the sentence (not itself a customer), else the company in view."""
    hits = []
    supplier: Optional[int] = None
    supplied: set = set()  # customers found so far: not suppliers of what follows
    clause_start = sentence.start_char
    for clause in re.split(r"(?<=[,，;；])", doc_text(sentence)):
        spans = [(m.start(1), m.end(1), "pattern:provides-funding" if _FUNDING.search(m.group(2)) else "pattern:supply-list")
                 for m in _SUPPLY.finditer(clause)]
        for match in _SUPPLIER_OF.finditer(clause):
            copulas = list(_COPULA.finditer(clause, 0, match.start()))
            spans.append((copulas[-1].end() if copulas else 0, match.start(), "pattern:supplier-of"))
        for start, end, method in spans:
            start, end = clause_start + start, clause_start + end
            funding = method == "pattern:provides-funding"
            kinds = ("Organisation", "Project") if funding else ("Organisation",)
            customers = [e for e in ents if e.label_ in kinds and start <= e.start_char and e.end_char <= end]
            before = [e for e in ents if e.label_ == "Organisation" and e.end_char <= start and ctx.index[e.start] not in supplied
                      and (e.start_char >= clause_start or _opens_clause(sentence, e))]
            if before and (supplier is None or before[-1].start_char >= clause_start):
                supplier = ctx.index[before[-1].start]
            if not customers:
                continue
            supplied.update(ctx.index[c.start] for c in customers)
            if supplier is None:
                supplier = ctx.maker(customers[0].start_char)
                if supplier is None or ctx.ents[supplier] in customers:
                    supplier = ctx.topic
            for customer in customers:
                hits.append(ctx.hit(sentence, supplier, "funds" if funding else "hasCustomer", ctx.index[customer.start], method, 0.75))
        clause_start += len(clause)
    return [h for h in hits if h]


def _opens_clause(sentence: Span, ent: EntityMention) -> bool:
    """Is ``ent`` the first thing of its clause (after a time adverbial)?"""
    before = doc_text(sentence.doc)[sentence.start_char : ent.start_char]
    clause = re.split(r"[,，;；]", before)[-1]
    return clause[_OPENING.match(clause).end() :].strip() == ""


_INVESTMENT = re.compile(rf"(?:{pattern_words('investment_verbs')})([0-9.]+(?:万|亿)?元)(?:[^。；;,，]{{0,4}}?|在[^。；;,，]{{2,12}}?)({pattern_words('investment_purposes')})")


@pattern("investment")
def investment_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """ORG (年) 斥资/投资/出资 AMOUNT (在PLACE) 打造/建设 X: X is the next named target or the organisation
    the text is about; an organisation so founded or built belongs to its investor."""
    hits = []
    text = doc_text(sentence)
    for match in _INVESTMENT.finditer(text):
        position = sentence.start_char + match.start()
        investors = [e for e in ents if e.label_ == "Organisation" and e.end_char <= position]
        if not investors:
            continue
        investor = investors[-1]
        clause_end = _clause_end(sentence, sentence.start_char + match.end())
        after = [e for e in ents if sentence.start_char + match.end() <= e.start_char < clause_end and e.label_ in ("Organisation", "Project")]
        target = ctx.index[after[0].start] if after else ctx.maker(sentence.start_char)
        if target is None:
            continue
        year = _YEAR.search(text[: match.start()])
        hits.append(ctx.hit(sentence, ctx.index[investor.start], "investsIn", target, "pattern:invest-amount", 0.8,
                            amount=match.group(1), year=year.group(1) if year else None))
        relative = "由" in text[: match.start()] and text[match.end() : match.end() + 1] == "的"
        if ctx.ents[target].label_ == "Organisation" and match.group(2) != "用于" and (after or relative):
            # X斥资建设ORG, 由X斥资打造的工厂: what an investor founds or builds is its own
            hits.append(ctx.hit(sentence, target, "subOrganisationOf", ctx.index[investor.start], "pattern:founded-by-investor", 0.5))
    return [h for h in hits if h]


@pattern("location")
def location_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """X 位于/坐落于/地处 PLACE; and 在PLACE, … framing the organisations and projects after it."""
    hits = []
    doc = sentence.doc
    for position, place in enumerate(ents):
        if place.label_ != "Place":
            continue
        cue = doc_text(doc)[max(sentence.start_char, place.start_char - 4) : place.start_char]
        if re.search(r"(?:位于|坐落于|坐落在|地处|落户|落地)$", cue):
            subjects = [e for e in ents[:position] if e.label_ in ("Organisation", "Project", "Place")]
            subject = ctx.index[subjects[-1].start] if subjects else ctx.topic
            hits.append(ctx.hit(sentence, subject, "locatedIn", ctx.index[place.start], "pattern:located-at", 0.8))
        if doc_text(doc)[place.start_char - 1 : place.start_char] == "在" and _BUILT_AFTER.match(doc_text(doc)[place.end_char : sentence.end_char]):
            hits.extend(_built_at(sentence, ents, position, ctx))
    framing = re.match(r"^\s*在([^,，。]{2,12})[,，]", doc_text(sentence))
    if framing:
        frame_places = [e for e in ents if e.label_ == "Place" and e.end_char <= sentence.start_char + framing.end()]
        if frame_places:
            ctx.frame = (ctx.index[frame_places[-1].start], sentence.start_char)
    frame = ctx.frame
    if frame is not None:
        paragraph_start = doc_text(doc).rfind("\n", 0, sentence.start_char)
        if paragraph_start < frame[1]:
            for ent in ents:
                if ent.label_ in ("Organisation", "Project") and ent.start_char > frame[1]:
                    hits.append(ctx.hit(sentence, ctx.index[ent.start], "locatedIn", frame[0], "pattern:framing-place", 0.6))
        else:
            ctx.frame = None
    return [h for h in hits if h]


# 在盐池县投资建设…, 在福山建厂: a stated location of what is built there
_BUILT_AFTER = re.compile(rf"^(?:[^,，。;；]{{0,4}}?)(?:投资)?(?:{pattern_words('built_verbs')})")


def _built_at(sentence: Span, ents: List[EntityMention], position: int, ctx: ArticleContext) -> List[Optional[RelationHit]]:
    """在PLACE建设X: X is there; 在PLACE建厂/落户 with nothing named after it: the subject of the clause is."""
    place, doc = ents[position], sentence.doc
    clause_end = _clause_end(sentence, place.end_char)
    built = [e for e in ents[position + 1 :] if e.start_char < clause_end and (e.label_ in ("Organisation", "Project") or e.id_ == "Site")]
    if not built:
        if not re.match(r"^[^,，。;；]{0,4}?(?:建厂|设厂|落户)", doc_text(doc)[place.end_char : clause_end]):
            return []
        clause_start = _clause_start(sentence, place.start_char)
        subjects = [e for e in ents[:position] if e.label_ == "Organisation" and e.start_char >= clause_start]
        subject = ctx.index[subjects[-1].start] if subjects else ctx.maker(place.start_char)
        return [ctx.hit(sentence, subject, "locatedIn", ctx.index[place.start], "pattern:built-at", 0.7)]
    return [ctx.hit(sentence, ctx.index[e.start], "locatedIn", ctx.index[place.start], "pattern:built-at", 0.75) for e in built]


# what follows the last partner: 四方签署合作协议, 之间的合作, 在…等方面合作, 签订战略合作备忘录, 深度合作
_COOPERATION_AFTER = re.compile(
    r"^(?:联合|携手|共同|(?:[两三四五六七八九十0-9]+方|双方|之间的?)?[^,，。;；]{0,20}?(?:合作|共建|(?:签署|签订|签约)[^,，。;；]{0,10}?(?:协议|备忘录)))"
)


@pattern("partnership")
def partnership_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """Organisations joined by 、/与/和 and followed by a cooperation cue are partners, each with each
    (A、B、C四方签署合作协议, A与B战略合作备忘录, A和B之间的合作, A与B在…方面合作); 与ORG…合作 with no
    subject written: the partner is the organisation the text is about."""
    hits = []
    doc = sentence.doc
    for group in _coordinated_organisations(ents, doc, ctx.cues.joiners):
        after = doc_text(doc)[group[-1].end_char : sentence.end_char]
        if not _COOPERATION_AFTER.match(after) or ctx.framed(group[0]):
            continue
        members = [ctx.index[e.start] for e in group]
        if doc_text(doc)[max(sentence.start_char, group[0].start_char - 2) : group[0].start_char].endswith(("与", "同", "和", "携手")):
            partner = ctx.maker(group[0].start_char)
            partner = ctx.topic if partner is None or partner in members else partner
            hits.extend(ctx.hit(sentence, partner, "partnersWith", m, "pattern:cooperation-with-topic", 0.6) for m in members)
            continue
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                hits.append(ctx.hit(sentence, first, "partnersWith", second, "pattern:cooperation", 0.7))
    return [h for h in hits if h]


def _coordinated_organisations(ents: List[EntityMention], doc: Doc, joiners: Sequence[str]) -> List[List[EntityMention]]:
    """Maximal runs of organisations joined by 、/与/和 (one run may hold a single organisation)."""
    groups: List[List[EntityMention]] = []
    for position, ent in enumerate(ents):
        if ent.label_ != "Organisation":
            continue
        previous = ents[position - 1] if position else None
        if groups and previous is groups[-1][-1] and doc_text(doc)[previous.end_char : ent.start_char] in joiners:
            groups[-1].append(ent)
        else:
            groups.append([ent])
    return groups


_UNIT_NAME = re.compile(rf"^[\u4e00-\u9fff]{{0,8}}?(?:{_alternation(words('sub_units', 'heads'))})$")


@pattern("sub_units")
def sub_unit_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """ORG的UNIT(、UNIT2) or ORG written against UNIT (澳门特区政府经济财政司, 教育集团的城北分校): the unit,
    named by a unit head (分校, 司, 学院), belongs to the body before it."""
    hits = []
    doc = sentence.doc
    for position, body in enumerate(ents[:-1]):
        if body.label_ != "Organisation" or doc_text(doc)[body.end_char : ents[position + 1].start_char] not in ("", "的"):
            continue
        for unit in ents[position + 1 :]:
            if unit.label_ != "Organisation" or not _UNIT_NAME.match(unit.text) or ctx.opens_with_place(unit):
                break
            hits.append(ctx.hit(sentence, ctx.index[unit.start], "subOrganisationOf", ctx.index[body.start], "pattern:unit-of-body", 0.7))
            following = ents.index(unit) + 1
            if following >= len(ents) or doc_text(doc)[unit.end_char : ents[following].start_char] != "、":
                break
    for company in ents:
        group = _group_of(ctx, company)
        if group is not None:
            hits.append(ctx.hit(sentence, ctx.index[company.start], "subOrganisationOf", group, "pattern:group-subsidiary", 0.7))
    return [h for h in hits if h]


_LEGAL_FORM = re.compile(r"(?:集团)?(?:股份)?(?:有限责任公司|有限公司|公司)?$")


def _group_of(ctx: ArticleContext, company: EntityMention) -> Optional[int]:
    """某泰新能源公司 beside 某泰集团, 某车齐齐哈尔公司 beside 某车: a company named by a group's name (without
    its 集团/有限公司) and more is the group's subsidiary. A place is no group's name (通辽某某公司)."""
    if company.label_ != "Organisation" or not company.text.endswith("公司"):
        return None
    places = [e.text for e in ctx.ents if e.label_ == "Place"]
    found = None
    for i, group in enumerate(ctx.ents):
        stem = group.text[: _LEGAL_FORM.search(group.text).start()]
        rest = company.text[len(stem) :]
        if (group.label_ != "Organisation" or group.id_ != "Company" or len(stem) < 2 or group.text == company.text
                or not company.text.startswith(stem) or _LEGAL_FORM.fullmatch(rest) or stem in places or stem in COUNTRIES):
            continue
        if found is None or group.start_char < company.start_char:  # the group named last before the company
            found = i
    return found


_ISSUING_VERBS = re.compile(rf"(?:{pattern_words('issuing_verbs')})(?:了)?[^,，。;；]{{0,4}}$")


@pattern("documents")
def documents_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """An issuing body and its document: 国务院《…意见》, 县妇联…制定下发了《…实施方案》. The issuer
    administers the document; nobody implements it by virtue of this sentence."""
    hits = []
    doc = sentence.doc
    for position, document in enumerate(ents):
        if document.label_ != "Programme" or not document.text.startswith("《"):
            continue
        left = ents[position - 1] if position else None
        if left is not None and left.label_ == "Organisation" and doc_text(doc)[left.end_char : document.start_char] in ("", "的"):
            issuer = ctx.index[left.start]
        else:
            clause_start = _clause_start(sentence, document.start_char)
            if not _ISSUING_VERBS.search(doc_text(doc)[clause_start : document.start_char]):
                continue
            explicit = [e for e in ents[:position] if e.start_char >= clause_start and e.label_ == "Organisation" and ctx.can_act(e)]
            issuer = ctx.index[explicit[0].start] if explicit else ctx.topic
        if issuer is not None and ctx.ents[issuer].label_ == "Organisation":
            hits.append(ctx.hit(sentence, issuer, "administers", ctx.index[document.start], "pattern:issuer-document", 0.75))
            ctx.administered.add(ctx.index[document.start])
    return [h for h in hits if h]


_PARTICIPATION = re.compile(rf"(?:{pattern_words('participation_verbs')})(?!投资)")


@pattern("participation")
def participation_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """The people and organisations of a clause that 参加/参与/出席 a programme or project take part in it
    (X带领A、B等专家一行参加“…”文化节; X积极参与…试点); the parties listed before 签署/签订 take part in
    the programme or project written after it (A、B、C三方签订框架协议,共同启动“…”项目)."""
    hits = []
    doc = sentence.doc
    for match in _PARTICIPATION.finditer(doc_text(sentence)):
        verb_at, verb_end = sentence.start_char + match.start(), sentence.start_char + match.end()
        clause_start, clause_end = _clause_start(sentence, verb_at), _clause_end(sentence, verb_end)
        after_verb = [e for e in ents if verb_end <= e.start_char < clause_end and e.label_ in TARGETS]
        targets = after_verb[:1]
        for ent in after_verb[1:]:  # and those coordinated with the first (参加A、B和C)
            if doc_text(doc)[targets[-1].end_char : ent.start_char] not in ctx.cues.joiners:
                break
            targets.append(ent)
        participants = [e for e in ents if clause_start <= e.start_char and e.end_char <= verb_at
                        and (e.label_ == "Person" or (e.label_ == "Organisation" and ctx.can_act(e)))]
        for target in targets:
            for participant in participants:
                hits.append(ctx.hit(sentence, ctx.index[participant.start], "participatesIn", ctx.index[target.start], "pattern:participates", 0.65))
    for cue in SIGNING.finditer(doc_text(doc), sentence.start_char, sentence.end_char):
        parties = signatories(ents, ctx, cue.start())
        after = [e for e in ents if e.start_char >= cue.end() and e.label_ in TARGETS and _agreed(ctx, cue.end(), e)]
        for party in parties if after else []:
            hits.append(ctx.hit(sentence, ctx.index[party.start], "participatesIn", ctx.index[after[0].start], "pattern:signatory", 0.65))
    return [h for h in hits if h]


def _agreed(ctx: ArticleContext, cue_end: int, target: EntityMention) -> bool:
    """Is ``target`` what the agreement is or starts: in the signing clause (签署《…协议》), or right after an
    implementing verb (…签订框架协议,共同启动X); not what it pays for (…协议,将为X提供资金支持)."""
    gap = doc_text(ctx.doc)[cue_end : target.start_char]
    if not CLAUSE_BREAK.search(gap):
        return True
    verbs = list(ctx.cues.implement_re.finditer(gap))
    return bool(verbs) and not CLAUSE_BREAK.search(gap, verbs[-1].end()) and len(gap) - verbs[-1].end() <= 6


@pattern("programme_funds_project")
def programme_funds_project(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """PROGRAMME 项目——PROJECT: the project is funded under the programme."""
    hits = []
    for left, right in zip(ents, ents[1:]):
        if left.label_ == "Programme" and right.label_ == "Project":
            gap = doc_text(sentence.doc)[left.end_char : right.start_char]
            if re.fullmatch(r"(?:的)?项目[—－-]{1,2}[“\"]?|(?:支持|资助)(?:的)?", gap):
                hits.append(ctx.hit(sentence, ctx.index[left.start], "funds", ctx.index[right.start], "pattern:programme-project", 0.6))
    return [h for h in hits if h]


class RelationPatterns:
    def __init__(self, nlp: Language, name: str, patterns: Sequence[str], lexicons: Optional[Dict[str, str]] = None):
        self.name = name
        self.cues = RelationCues(lexicons)
        unknown = [p for p in patterns if p not in PATTERNS]
        if unknown:
            raise ValueError(f"unknown relation pattern(s): {', '.join(unknown)}")
        self.patterns = [PATTERNS[p] for p in patterns]

    def __call__(self, doc: Doc) -> Doc:
        context = ArticleContext(doc, self.cues)
        hits: List[RelationHit] = []
        for sentence in doc.sents:
            ents = context.ents_in(sentence)
            context.begin_sentence(sentence)
            for function in self.patterns:
                hits.extend(function(sentence, ents, context))
        doc._.relations = hits
        return doc


@Language.factory("kg_relations", default_config={"patterns": list(PATTERNS), "lexicons": {}})
def create_relation_patterns(nlp: Language, name: str, patterns: List[str], lexicons: Dict[str, str]) -> RelationPatterns:
    return RelationPatterns(nlp, name, patterns, lexicons)
