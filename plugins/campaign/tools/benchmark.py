"""Build benchmark (issue 8): our engine against a plain Material + i18n site.

    python3 -m campaign.tools.benchmark --stories 2000 [--keep DIR] [--json] [--seed N] [--no-browser]

1. Generates a synthetic corpus in a temporary folder: this project's mkdocs.yml,
   overrides/ and content/ (registries and static pages, not the sample records),
   plus N published stories in English and Russian (x.md, x.ru.md) and solutions,
   success stories and commitments in the sample's proportion (46 : 11 : 9 : 9).
   Front matter is drawn from the registries (cities, organisations, taxonomy
   terms) and passes `campaign check`; bodies are 150-250 words of filler with no
   digits, e-mail addresses or street addresses (the personal-data checker stays
   quiet). The corpus is deterministic for a given seed.
2. Builds it twice, each timed around `python -m mkdocs build` in a subprocess:
   "full" is our mkdocs.yml as is; "plain" is the same Markdown with plain
   Material: no campaign plugin, no overrides, Material's search plugin, the
   same languages, records kept out of the navigation (not_in_nav) and the
   registries excluded (exclude_docs), not strict.
3. Prints build times and their ratio, pages per second, output size, and the
   gzip (level 6) weight of a story page, the stories index, a city page, the
   regional map and the home page on first visit: the HTML plus every
   stylesheet, script and favicon it references, plus the data those scripts
   fetch on load (Material's search worker and search_index.json when its
   search is on). Files fetched only on interaction (Pagefind, index.json of
   the filters) are not counted; with Chromium and Playwright available, the
   bytes one Pagefind query fetches are measured separately.

No timed assertion anywhere: this reports, tests check behaviour.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import html.parser
import json
import os
import posixpath
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

from ..content.recordtypes import FOLDERS

# The sample's published records when the benchmark was written (issue 8).
SAMPLE_PROPORTIONS = {"story": 46, "solution": 11, "success": 9, "commitment": 9}
LANGUAGES = ("en", "ru")
DEFAULT_SEED = 2014
REVIEWERS = ("aigerim-s", "anna-p", "gulnara-t", "ieva-r", "ilze-b", "lusine-a", "maria-c",
             "nino-k", "olena-m", "svetlana-d")
CAMPAIGN_START, CAMPAIGN_END = dt.date(2014, 3, 1), dt.date(2017, 12, 20)
TARGETS = {"ratio": 1.3, "story_html_bytes": 40 * 1024, "story_first_visit_gz": 250 * 1024}


def project_root() -> Path:
    """The project folder (mkdocs.yml, content/, overrides/) this package sits in."""
    here = Path(__file__).resolve().parents[3]
    return here if (here / "mkdocs.yml").is_file() else Path.cwd()


def engine_digest(source=None) -> str:
    """Short SHA-256 of the engine (plugins/campaign/**/*.py but this file) and overrides/: which code was measured."""
    source = Path(source) if source else project_root()
    digest = hashlib.sha256()
    here = Path(__file__).resolve()
    engine = here.parents[1]
    files = [p for p in sorted(engine.rglob("*.py")) if p != here]
    files += sorted(p for p in (source / "overrides").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def record_counts(stories: int) -> dict:
    """Records of each type for `stories` stories, in the sample's proportion."""
    base = SAMPLE_PROPORTIONS["story"]
    return {rtype: stories if rtype == "story" else round(stories * n / base)
            for rtype, n in SAMPLE_PROPORTIONS.items()}


# -- text pools: (English, Russian) pairs ------------------------------------------------------
# Slots: {city} (a city name), {place} (genitive in Russian: "near the market" / "возле рынка"),
# {time}, {officers} (always plural), {demand} (accusative), {feeling}, {org} (organisation name).

PLACES = [("the market", "рынка"), ("the railway station", "вокзала"), ("the bus stop", "остановки"),
          ("the pharmacy", "аптеки"), ("the harm reduction site", "пункта снижения вреда"),
          ("the clinic", "поликлиники"), ("my building", "моего дома"), ("the park", "парка"),
          ("the night shop", "ночного магазина"), ("the hostel", "общежития"),
          ("the methadone site", "пункта заместительной терапии"), ("the old bridge", "старого моста"),
          ("the courthouse", "здания суда"), ("a friend's flat", "квартиры подруги"),
          ("the central square", "центральной площади"), ("the river", "реки"),
          ("the bus terminal", "автовокзала"), ("the hospital", "больницы"), ("the sauna", "сауны"),
          ("the school where my son studies", "школы, где учится мой сын")]
TIMES = [("late in the evening", "поздно вечером"), ("early in the morning", "рано утром"),
         ("on a Sunday afternoon", "в воскресенье днём"), ("in the middle of the night", "посреди ночи"),
         ("on a cold winter evening", "холодным зимним вечером"), ("during the spring holidays", "во время весенних праздников"),
         ("on the day I collected my medicine", "в тот день, когда я получала лекарства"),
         ("just after sunrise", "сразу после рассвета"), ("on a hot summer night", "жаркой летней ночью"),
         ("one autumn morning", "однажды осенним утром")]
OFFICERS = [("two patrol officers", "двое патрульных"), ("officers from the district station", "сотрудники районного отдела"),
            ("men in plain clothes", "люди в штатском"), ("investigators", "следователи"),
            ("officers from the drug unit", "сотрудники отдела по наркотикам"),
            ("a district officer and his partner", "участковый и его напарник"),
            ("the detention staff", "сотрудники изолятора"), ("two young officers", "двое молодых полицейских")]
DEMANDS = [("a sum I could never find", "сумму, которой у меня никогда не было"),
           ("everything I had earned that week", "всё, что я заработала за неделю"),
           ("my mother's pension", "пенсию моей матери"),
           ("the money for my children's shoes", "деньги на обувь для детей"),
           ("more than I earn in a month", "больше, чем я зарабатываю за месяц")]
FEELINGS = [("completely alone", "себя совсем одной"), ("humiliated and tired", "себя униженной и усталой"),
            ("that nobody would believe me", "что мне никто не поверит"), ("anger more than fear", "скорее злость, чем страх")]

OPENINGS = [
    ("It happened {time}, near {place} in {city}.", "Это случилось {time}, возле {place} в городе {city}."),
    ("{Time} I was walking past {place} when {officers} stopped me.",
     "{Time} я шла мимо {place}, и меня остановили {officers}."),
    ("I was near {place} {time}, as on most days, and {officers} were already waiting there.",
     "Я была возле {place} {time}, как почти каждый день, и там уже ждали {officers}."),
    ("Everyone in our part of {city} knows the officers who work near {place}.",
     "Все в нашем районе города {city} знают полицейских, которые дежурят возле {place}."),
]
EVENTS = [
    ("They asked for my documents and then told me to get into the car.",
     "Они потребовали документы, а потом велели сесть в машину."),
    ("Nobody explained why I was being taken away.", "Никто не объяснил, за что меня забирают."),
    ("At the station {officers} took my phone and would not let me call anyone.",
     "В отделе {officers} забрали мой телефон и не дали никому позвонить."),
    ("They said they would open a case unless I paid {demand}.",
     "Они сказали, что заведут дело, если я не отдам {demand}."),
    ("One of them laughed and said that women like me have no rights.",
     "Один из них засмеялся и сказал, что у таких, как я, нет никаких прав."),
    ("I was kept in a cold room without water until the morning.",
     "Меня держали в холодной комнате без воды до самого утра."),
    ("They wrote the report themselves and told me to sign it without reading.",
     "Протокол они написали сами и велели подписать, не читая."),
    ("When I asked for a lawyer, they said I did not need one.",
     "Когда я попросила адвоката, мне сказали, что он мне не нужен."),
    ("My withdrawal started in the night, and no one called a doctor.",
     "Ночью у меня началась ломка, и никто не вызвал врача."),
    ("They threatened to tell my neighbours and my family about my status.",
     "Они угрожали рассказать соседям и родным о моём статусе."),
    ("I was afraid that they would take my children away.", "Я боялась, что у меня заберут детей."),
    ("They searched my bag in front of everyone and threw my things on the ground.",
     "Они обыскали мою сумку при всех и бросили вещи на землю."),
    ("An older officer shouted at me while the younger one wrote something down.",
     "Старший кричал на меня, а младший что-то записывал."),
    ("They kept asking for the names of other women who use.",
     "Они всё время спрашивали имена других женщин, которые употребляют."),
    ("I had my substitution therapy card with me, but they tore it up.",
     "У меня с собой была карточка заместительной терапии, но они её порвали."),
    ("Nobody wrote down when I was brought in or when I was released.",
     "Никто не записал, когда меня привезли и когда отпустили."),
    ("They let me go only after a friend brought money.",
     "Отпустили меня только после того, как подруга принесла деньги."),
    ("The next day I could hardly walk.", "На следующий день я едва могла ходить."),
    ("I did not tell anyone for a long time because I was ashamed.",
     "Я долго никому не рассказывала, потому что мне было стыдно."),
    ("It was not the first time, and the other women in our group have the same stories.",
     "Это было не в первый раз, и у других женщин из нашей группы такие же истории."),
    ("They said that if I complained, things would only get worse for me.",
     "Они сказали, что если я пожалуюсь, мне будет только хуже."),
    ("I felt {feeling}.", "Я чувствовала {feeling}."),
    ("Outside it was raining, and I walked home without my jacket.",
     "На улице шёл дождь, и я шла домой без куртки."),
    ("They photographed me against the wall as if I were a criminal.",
     "Они сфотографировали меня у стены, как преступницу."),
    ("In the corridor I saw other women waiting, some of them very young.",
     "В коридоре я видела других женщин, некоторые были совсем молодыми."),
    ("They called me names I do not want to repeat.", "Они называли меня словами, которые я не хочу повторять."),
    ("A woman in the next cell was crying all night, and nobody came to her.",
     "Женщина в соседней камере плакала всю ночь, и к ней никто не подошёл."),
    ("They told me that my word means nothing against theirs.",
     "Мне сказали, что моё слово ничего не значит против их слова."),
    ("I asked them to call my sister, but they only laughed.",
     "Я просила позвонить сестре, но они только смеялись."),
    ("The officer who questioned me smelled of alcohol.", "От полицейского, который меня допрашивал, пахло алкоголем."),
    ("They held my arms behind my back so hard that my shoulder hurt for weeks.",
     "Они так сильно держали мои руки за спиной, что плечо болело несколько недель."),
    ("Nobody asked whether I was ill or needed my medicine.",
     "Никто не спросил, больна ли я и нужны ли мне лекарства."),
    ("They knew my name before I said it, which frightened me most of all.",
     "Они знали моё имя раньше, чем я его назвала, и это пугало больше всего."),
    ("My friend waited outside for hours, but they told her I was not there.",
     "Подруга несколько часов ждала у входа, но ей сказали, что меня там нет."),
]
RESPONSES = [
    ("Later the people at {org} helped me write a complaint.",
     "Позже в организации «{org}» мне помогли написать жалобу."),
    ("A lawyer from {org} came to the station the next day.",
     "На следующий день в отдел пришёл адвокат от организации «{org}»."),
    ("Women from {org} went with me to the doctor, who recorded the bruises.",
     "Женщины из организации «{org}» пошли со мной к врачу, и он зафиксировал синяки."),
    ("The complaint went to the prosecutor, but for months there was no answer.",
     "Жалоба ушла в прокуратуру, но месяцами ответа не было."),
    ("The court did not believe the report, and the case was closed.",
     "Суд не поверил протоколу, и дело закрыли."),
    ("I decided not to complain, because I was afraid of revenge.",
     "Я решила не жаловаться, потому что боялась мести."),
    ("With the help of {org}, I now know what to say when they stop me.",
     "Благодаря организации «{org}» я теперь знаю, что говорить, когда меня останавливают."),
    ("The peer group at {org} was the first place where I told the whole story.",
     "Группа взаимопомощи в организации «{org}» стала первым местом, где я рассказала всё."),
]
CLOSINGS = [
    ("I am telling this so that other women know they are not alone.",
     "Я рассказываю это, чтобы другие женщины знали, что они не одни."),
    ("I want the officers to know that we are people too.", "Я хочу, чтобы полицейские знали: мы тоже люди."),
    ("Nothing has changed in {city} yet, but now at least someone is writing it down.",
     "В городе {city} пока ничего не изменилось, но теперь хотя бы кто-то это записывает."),
    ("If this happens to you, go to the people who helped me and do not stay silent.",
     "Если с вами такое случится, обратитесь к тем, кто помог мне, и не молчите."),
    ("I still avoid the streets near {place}.", "Я до сих пор обхожу стороной улицы возле {place}."),
]
STORY_TITLES = [
    ("Stopped near {place}", "Остановили возле {place}"), ("A night at the district station", "Ночь в районном отделе"),
    ("They asked for money again", "Снова потребовали денег"), ("Searched in front of everyone", "Обыск у всех на глазах"),
    ("No lawyer, no phone call", "Ни адвоката, ни звонка"), ("The report I did not write", "Протокол, которого я не писала"),
    ("Taken away near {place}", "Забрали возле {place}"), ("Withdrawal in the cell", "Ломка в камере"),
    ("They threatened to take my children", "Грозили забрать детей"), ("My card torn up", "Мою карточку порвали"),
    ("Names for my freedom", "Имена в обмен на свободу"), ("Until a friend brought money", "Пока подруга не принесла деньги"),
    ("Called names at the station", "Оскорбления в отделе"), ("Nobody wrote down the time", "Время никто не записал"),
    ("Photographed like a criminal", "Сфотографировали как преступницу"),
]
STORY_SUMMARIES = [
    ("A woman in {city} was held overnight by {officers} who demanded money for her release.",
     "В городе {city} {officers} продержали женщину ночь в отделе и требовали денег за освобождение."),
    ("In {city}, {officers} searched a woman in public and threatened her with a criminal case.",
     "В городе {city} {officers} публично обыскали женщину и угрожали ей уголовным делом."),
    ("A woman who uses drugs in {city} was denied a lawyer and medical help while in custody.",
     "Женщине, употребляющей наркотики, в городе {city} отказали в адвокате и медицинской помощи под стражей."),
    ("In {city}, {officers} pressured a woman to name others and to sign a report she had not read.",
     "В городе {city} {officers} давили на женщину, чтобы она назвала других и подписала непрочитанный протокол."),
    ("After years of stops near {place}, a woman in {city} decided to tell her story with the help of {org}.",
     "После многих лет задержаний возле {place} женщина из города {city} решила рассказать свою историю с помощью организации «{org}»."),
]

# Solutions, successes, commitments: {where} is a city, a country or the region.
SOLUTION_PHRASES = [
    ("lawyers on call for night detentions", "дежурные адвокаты для ночных задержаний"),
    ("peer paralegals at harm reduction sites", "равные параюристы в пунктах снижения вреда"),
    ("a training module for patrol officers", "учебный модуль для патрульных"),
    ("a protocol that keeps substitution therapy going in custody", "протокол, который сохраняет заместительную терапию под стражей"),
    ("a simple form to document police violence", "простая форма для документирования полицейского насилия"),
    ("crisis beds for women released at night", "кризисные места для женщин, отпущенных ночью"),
    ("rights cards in three languages", "карточки о правах на трёх языках"),
    ("monitoring visits to temporary detention", "мониторинговые визиты в изоляторы временного содержания"),
]
SOLUTION_SENTENCES = [
    ("The idea came from women who had been detained themselves and knew what was missing.",
     "Идея пришла от женщин, которых самих задерживали и которые знали, чего не хватает."),
    ("{org} started it as a small pilot and changed it after the first months.",
     "Организация «{org}» начала это как небольшой пилот и изменила подход после первых месяцев."),
    ("Peer workers explain to each woman what the police may and may not do.",
     "Равные консультанты объясняют каждой женщине, что полиция может делать, а что нет."),
    ("Every case is written down the same way, so that patterns become visible.",
     "Каждый случай записывается одинаково, чтобы были видны закономерности."),
    ("A lawyer reviews the records every week and decides which cases to take further.",
     "Юрист каждую неделю просматривает записи и решает, какие дела вести дальше."),
    ("Officers who took part said that they had never heard these stories before.",
     "Сотрудники, которые участвовали, говорили, что никогда раньше не слышали таких историй."),
    ("The approach costs little, but it needs trained people who stay for years.",
     "Подход стоит недорого, но нужны обученные люди, которые остаются надолго."),
    ("Women say that they feel safer when they know someone will come.",
     "Женщины говорят, что чувствуют себя спокойнее, когда знают, что к ним придут."),
    ("Partners in other cities have asked for the materials and the training plan.",
     "Партнёры из других городов попросили материалы и план обучения."),
    ("The police leadership agreed in writing to let the team in.",
     "Руководство полиции письменно согласилось пускать команду."),
    ("Results are shared with the women first, and only then with officials.",
     "Результаты сначала обсуждают с женщинами и только потом с чиновниками."),
    ("What is needed most is stable funding and supervision for the team.",
     "Больше всего нужны стабильное финансирование и супервизия для команды."),
]
SUCCESS_PHRASES = [
    ("a court recognised an unlawful detention", "суд признал задержание незаконным"),
    ("an officer was dismissed after complaints from women", "сотрудника уволили после жалоб женщин"),
    ("the police adopted rules on confidentiality", "полиция приняла правила о конфиденциальности"),
    ("officers trained together with the community", "сотрудники прошли обучение вместе с сообществом"),
    ("a regular dialogue with the police began", "начался регулярный диалог с полицией"),
    ("the state paid compensation", "государство выплатило компенсацию"),
]
SUCCESS_SENTENCES = [
    ("It took a long time, and many women doubted that anything would change.",
     "Это заняло много времени, и многие женщины сомневались, что что-то изменится."),
    ("{org} collected the cases carefully, without anything that could identify a woman.",
     "Организация «{org}» тщательно собирала случаи, без всего, что могло бы указать на конкретную женщину."),
    ("The decision was announced at a meeting where women from the community spoke first.",
     "Решение объявили на встрече, где первыми выступили женщины из сообщества."),
    ("Since then, fewer women report stops near the harm reduction sites.",
     "С тех пор женщины реже сообщают о задержаниях возле пунктов снижения вреда."),
    ("Officials now invite the partners when they plan training for officers.",
     "Теперь чиновники приглашают партнёров, когда планируют обучение сотрудников."),
    ("The women who complained were protected from retaliation, as promised.",
     "Женщин, которые пожаловались, как и обещали, защитили от мести."),
    ("The case is now used in training as an example of how complaints should be handled.",
     "Этот случай теперь используют в обучении как пример того, как следует рассматривать жалобы."),
    ("Not everything changed, but the change is real and the women can see it.",
     "Изменилось не всё, но перемены настоящие, и женщины их видят."),
]
COMMITMENT_PHRASES = [
    ("no detentions near harm reduction sites", "никаких задержаний возле пунктов снижения вреда"),
    ("a lawyer for every detained woman", "адвокат для каждой задержанной женщины"),
    ("confidentiality of HIV status in custody", "конфиденциальность ВИЧ-статуса под стражей"),
    ("training on gender and drug use", "обучение по вопросам гендера и наркопотребления"),
    ("a complaints desk for women who use drugs", "приём жалоб от женщин, употребляющих наркотики"),
    ("continuity of substitution therapy in custody", "непрерывность заместительной терапии под стражей"),
]
COMMITMENT_SENTENCES = [
    ("The commitment was made at a meeting organised by {org} with women from the community.",
     "Обязательство было дано на встрече, которую организация «{org}» провела с женщинами из сообщества."),
    ("It followed two years of documentation by peer paralegals.",
     "Ему предшествовали два года документирования равными параюристами."),
    ("The partners monitor it through the requests they receive from women.",
     "Партнёры следят за его выполнением по обращениям, которые получают от женщин."),
    ("Officials agreed to report on progress to the community.",
     "Чиновники согласились отчитываться о ходе выполнения перед сообществом."),
    ("Women say that the first weeks showed a real difference.",
     "Женщины говорят, что в первые недели разница была заметна."),
    ("Where the commitment is not kept, the partners raise it at the next meeting.",
     "Если обязательство не выполняется, партнёры поднимают вопрос на следующей встрече."),
]
UPDATE_NOTES = {
    "made": ("The commitment was announced and signed.", "Обязательство объявлено и подписано."),
    "in-progress": ("First steps were taken and the community is monitoring them.",
                    "Первые шаги сделаны, сообщество следит за выполнением."),
    "implemented": ("The community checked that the commitment was carried out.",
                    "Сообщество проверило, что обязательство выполнено."),
    "broken": ("The authority abandoned the commitment.", "Орган власти отказался от обязательства."),
}
# Campaign context, mixed into the bodies of solutions, success stories and commitments.
GENERAL_SENTENCES = [
    ("Women who use drugs are stopped, searched and detained far more often than other women.",
     "Женщин, употребляющих наркотики, останавливают, обыскивают и задерживают намного чаще, чем других женщин."),
    ("Many of them never complain, because they expect to be punished for it.",
     "Многие из них никогда не жалуются, потому что ожидают за это наказания."),
    ("The campaign brings together partner organisations, lawyers and women from the community.",
     "Кампания объединяет партнёрские организации, юристов и женщин из сообщества."),
    ("Each story was documented with the woman's consent and checked by two reviewers.",
     "Каждая история записана с согласия женщины и проверена двумя рецензентами."),
    ("Police leaders often say that they did not know how common these practices were.",
     "Руководители полиции часто говорят, что не знали, насколько распространена такая практика."),
    ("Change is slow, and it depends on people inside institutions who are willing to act.",
     "Перемены идут медленно и зависят от людей внутри ведомств, готовых действовать."),
    ("Partners meet every few months to compare what works in their cities.",
     "Партнёры встречаются раз в несколько месяцев, чтобы сравнить, что работает в их городах."),
    ("Nothing here would have happened without the women who agreed to speak.",
     "Ничего этого не случилось бы без женщин, которые согласились рассказать."),
    ("The results are modest, but they show that another kind of policing is possible.",
     "Результаты скромные, но они показывают, что полиция может работать иначе."),
    ("Officials were invited to see the work for themselves, and some of them came.",
     "Чиновников пригласили посмотреть на работу своими глазами, и некоторые пришли."),
    ("The lessons learned were written up so that other partners can use them.",
     "Полученный опыт описан, чтобы другие партнёры могли им воспользоваться."),
    ("Funding remains uncertain from one year to the next.",
     "Финансирование по-прежнему неясно от года к году."),
    ("Women from the community took part in every step, from planning to evaluation.",
     "Женщины из сообщества участвовали на каждом этапе, от планирования до оценки."),
    ("Where officers changed their behaviour, women noticed it within weeks.",
     "Там, где сотрудники изменили поведение, женщины заметили это уже через несколько недель."),
]
EVIDENCE_TITLES = [("Annual report of the project", "Годовой отчёт проекта"),
                   ("Monitoring data", "Данные мониторинга"), ("Signed agreement", "Подписанное соглашение"),
                   ("Court decision, anonymised", "Решение суда, обезличенное"),
                   ("Media feature on the project", "Материал СМИ о проекте")]
EVIDENCE_KINDS = ["report", "data", "policy", "court-decision", "media"]


# -- corpus --------------------------------------------------------------------------------------

def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _yaml_scalar(value) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", value):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _front_matter(fields: list) -> str:
    """YAML front matter from (key, value) pairs, written like the sample's records."""
    out = ["---"]

    def emit(key, value, indent):
        pad = " " * indent
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            for k, v in value.items():
                emit(k, v, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{pad}{key}:")
            for item in value:
                first = True
                for k, v in item.items():
                    lead = f"{pad}  - " if first else f"{pad}    "
                    out.append(f"{lead}{k}: {_yaml_scalar(v)}")
                    first = False
        elif isinstance(value, list):
            out.append(f"{pad}{key}: [" + ", ".join(_yaml_scalar(v) for v in value) + "]")
        else:
            out.append(f"{pad}{key}: {_yaml_scalar(value)}")

    for key, value in fields:
        emit(key, value, 0)
    out.append("---")
    return "\n".join(out) + "\n"


class _Registries:
    """What the generator needs from content/_data/ (read with plain YAML)."""

    def __init__(self, content: Path):
        data = content / "_data"
        places = yaml.safe_load((data / "places.yml").read_text("utf-8"))
        orgs = yaml.safe_load((data / "organizations.yml").read_text("utf-8"))["organizations"]
        self.taxonomies = yaml.safe_load((data / "taxonomies.yml").read_text("utf-8"))
        self.countries = {c["code"]: c for c in places["countries"]}
        self.cities = {c["slug"]: c for c in places["cities"]}
        self.orgs = {o["slug"]: o for o in orgs}
        reviewers = data / "reviewers.yml"
        # handle -> organisation: a record is never reviewed by its own documenters (content.reviewers)
        self.reviewer_orgs = ({r["handle"]: r["organization"] for r in yaml.safe_load(reviewers.read_text("utf-8"))
                               ["reviewers"]} if reviewers.is_file() else {})
        self.orgs_by_city = {}
        for org in orgs:
            self.orgs_by_city.setdefault(org.get("city"), []).append(org)

    def terms(self, taxonomy: str) -> list:
        return [t["slug"] for t in self.taxonomies[taxonomy]["terms"]]

    def name(self, entry, lang) -> str:
        names = entry["name"]
        return names.get(lang) or names["en"]


def _city_weights(source: Path, cities) -> list:
    """Cities weighted like the sample's stories (each city at least once)."""
    counts = {slug: 1 for slug in cities}
    for path in sorted((source / "content" / "stories").glob("*.md")):
        match = re.search(r"^city:\s*([a-z0-9-]+)\s*$", path.read_text("utf-8"), re.M)
        if match and match.group(1) in counts:
            counts[match.group(1)] += 1
    return [counts[slug] for slug in cities]


class _Writer:
    """Fills the text pools for one record, the same choices in both languages."""

    def __init__(self, rnd: random.Random, reg: _Registries, city=None, org=None):
        self.rnd = rnd
        self.slots = {}
        for key, pool in (("place", PLACES), ("time", TIMES), ("officers", OFFICERS),
                          ("demand", DEMANDS), ("feeling", FEELINGS)):
            self.slots[key] = rnd.choice(pool)
        self.slots["city"] = ((reg.name(city, "en"), reg.name(city, "ru")) if city
                              else ("the region", "региона"))
        self.slots["org"] = (reg.name(org, "en"), reg.name(org, "ru")) if org else ("our partners", "партнёров")

    def fill(self, pair) -> tuple:
        out = []
        for i, template in enumerate(pair):
            values = {k: v[i] for k, v in self.slots.items()}
            values.update({k.capitalize(): v[:1].upper() + v[1:] for k, v in values.items()})
            out.append(template.format(**values))
        return tuple(out)

    def body(self, parts: list, words: int) -> tuple:
        """Paragraphs of filled sentences: `parts` is a list of (pool, how many) or (pool, 'fill')."""
        sentences = []
        for pool, count in parts:
            if count == "fill":
                rest = self.rnd.sample(pool, len(pool))
                while rest and sum(len(s[0].split()) for s in sentences) < words - 30:
                    sentences.append(self.fill(rest.pop()))
            else:
                sentences += [self.fill(p) for p in self.rnd.sample(pool, count)]
        paragraphs, i = [], 0
        while i < len(sentences):
            n = self.rnd.randint(2, 4)
            paragraphs.append(sentences[i:i + n])
            i += n
        return tuple("\n\n".join(" ".join(s[lang] for s in para) for para in paragraphs) + "\n" for lang in (0, 1))


def _date_between(rnd, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rnd.randint(0, max(0, (end - start).days)))


def _review(rnd, published: dt.date) -> dict:
    reviewed = published - dt.timedelta(days=rnd.randint(1, 14))
    return {"by": rnd.sample(REVIEWERS, 2), "date": reviewed}


def _independent(review: dict, documenter: str, reviewer_orgs: dict) -> dict:
    """The review with any reviewer from the documenting organisation replaced by the first
    other one (deterministic: the corpus stays the same for a seed)."""
    chosen = list(review["by"])
    for i, handle in enumerate(chosen):
        if reviewer_orgs.get(handle) == documenter:
            chosen[i] = next(h for h in REVIEWERS if h not in chosen and reviewer_orgs.get(h) != documenter)
    return {**review, "by": chosen}


def _where(rnd, reg, city_slugs, weights):
    """(scope, city entry or None, country entry or None) as solutions/successes/commitments have."""
    roll = rnd.random()
    if roll < 0.75:
        return "city", reg.cities[rnd.choices(city_slugs, weights)[0]], None
    if roll < 0.9:
        return "country", None, reg.countries[rnd.choice(sorted(reg.countries))]
    return "regional", None, None


def _where_names(reg, city, country) -> tuple:
    if city:
        return reg.name(city, "en"), reg.name(city, "ru")
    if country:
        return reg.name(country, "en"), reg.name(country, "ru")
    return "Across the region", "Весь регион"


def _local_orgs(rnd, reg, city, country) -> list:
    if city:
        pool = reg.orgs_by_city.get(city["slug"]) or list(reg.orgs.values())
    elif country:
        pool = [o for o in reg.orgs.values() if reg.cities.get(o.get("city"), {}).get("country") == country["code"]]
        pool = pool or list(reg.orgs.values())
    else:
        pool = list(reg.orgs.values())
    return sorted(rnd.sample(pool, min(len(pool), rnd.randint(1, 3))), key=lambda o: o["slug"])


def generate_corpus(target, stories: int, seed: int = DEFAULT_SEED, source=None) -> dict:
    """Write a corpus of `stories` stories (and the other records in proportion) into `target`.

    `target` gets mkdocs.yml, overrides/, hooks/ (if any) and content/ with the
    source's registries and static pages; records are all generated, published,
    in English and Russian. Returns the number of records of each type.
    """
    source = Path(source) if source else project_root()
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    # MkDocs builds from the stage the campaign plugin fills; the folder must exist
    stage_dir = yaml.safe_load((source / "mkdocs.yml").read_text("utf-8")).get("docs_dir", "docs")
    (target / stage_dir).mkdir(parents=True, exist_ok=True)
    for folder in ("overrides", "hooks"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
    record_dirs = set(FOLDERS.values())
    # the sample's assets belong to its records (documents, videos), which the corpus does not copy
    skipped = record_dirs | {"assets"}
    shutil.copytree(source / "content", target / "content", dirs_exist_ok=True,
                    ignore=lambda d, names: [n for n in names if Path(d) == source / "content" and n in skipped])
    content = target / "content"
    for folder in record_dirs:
        (content / folder).mkdir(exist_ok=True)

    rnd = random.Random(seed)
    reg = _Registries(content)
    city_slugs = list(reg.cities)
    weights = _city_weights(source, reg.cities)
    counts = record_counts(stories)
    violations = reg.terms("violation")

    # every slug first, so that `related` and `commitment` can point anywhere
    slugs = {rtype: [] for rtype in counts}
    plans = []
    for rtype in ("commitment", "solution", "success", "story"):
        for i in range(counts[rtype]):
            plans.append((rtype, i))
    ordinal = {rtype: 0 for rtype in counts}

    def new_slug(rtype, base):
        ordinal[rtype] += 1
        slug = f"{_slugify(base)[:48].strip('-')}-{ordinal[rtype]}"
        slugs[rtype].append(slug)
        return slug

    def related(rtype, own, k_max):
        pool = [s for t in ("story", "solution", "success", "commitment") for s in slugs[t][-40:] if s != own]
        return rnd.sample(pool, min(len(pool), rnd.randint(0, k_max))) if pool else []

    def write(folder, slug, fields_en, fields_ru, body):
        en, ru = body
        (content / folder / f"{slug}.md").write_text(_front_matter(fields_en) + "\n" + en, "utf-8")
        (content / folder / f"{slug}.ru.md").write_text(_front_matter(fields_ru) + "\n" + ru, "utf-8")

    def both(shared, titles):
        """Front matter of both languages: translated title and summary, then the shared fields."""
        (title, summary) = titles
        return ([("title", title[0]), ("summary", summary[0]), *shared],
                [("title", title[1]), ("summary", summary[1]), *shared])

    for rtype, _ in plans:
        published = _date_between(rnd, CAMPAIGN_START, CAMPAIGN_END)
        review = _review(rnd, published)
        words = rnd.randint(150, 250)
        if rtype == "story":
            city = reg.cities[rnd.choices(city_slugs, weights)[0]]
            pool = reg.orgs_by_city.get(city["slug"]) or list(reg.orgs.values())
            # an organisation that two reviewers from elsewhere can review (the registry's rule)
            pool = [o for o in pool if sum(reg.reviewer_orgs.get(h) != o["slug"] for h in REVIEWERS) >= 2] or pool
            org = rnd.choice(pool)
            review = _independent(review, org["slug"], reg.reviewer_orgs)
            w = _Writer(rnd, reg, city, org)
            title = w.fill(rnd.choice(STORY_TITLES))
            summary = w.fill(rnd.choice(STORY_SUMMARIES))
            slug = new_slug(rtype, f"{title[0]} {city['slug']}")
            consent_date = review["date"] - dt.timedelta(days=rnd.randint(5, 60))
            incident = consent_date - dt.timedelta(days=rnd.randint(30, 720))
            prefix = "".join(part[0] for part in org["slug"].split("-"))[:3].upper().ljust(3, "X")
            fields = [("status", "published"), ("published", published), ("city", city["slug"]),
                      ("incident_date", f"{incident.year:04d}-{incident.month:02d}"),
                      ("violations", rnd.sample(violations, rnd.randint(1, 3))),
                      ("perpetrators", rnd.sample(reg.terms("perpetrator"), rnd.randint(1, 2))),
                      ("responses", rnd.sample(reg.terms("response"), rnd.randint(1, 3)))]
            notes = rnd.sample(reg.terms("content-note"), rnd.choice((0, 0, 1, 1, 2)))
            if notes:
                fields.append(("content_notes", notes))
            fields += [("intersections", rnd.sample(reg.terms("intersection"), rnd.randint(1, 3))),
                       ("age_group", rnd.choice(reg.terms("age-group"))),
                       ("documented_by", org["slug"]),
                       ("consent", {"reference": f"{prefix}-{consent_date.year}-{ordinal[rtype] % 1000:03d}",
                                    "date": consent_date, "scope": ["text", "city", "translation"]}),
                       ("review", review)]
            rel = related(rtype, slug, 2) if rnd.random() < 0.45 else []
            if rel:
                fields.append(("related", rel))
            body = w.body([(OPENINGS, 1), (EVENTS, "fill"), (RESPONSES, rnd.randint(1, 2)), (CLOSINGS, 1)], words)
            en, ru = both(fields, (title, summary))
            write(FOLDERS[rtype], slug, en, ru, body)
            continue

        scope, city, country = _where(rnd, reg, city_slugs, weights)
        partners = _local_orgs(rnd, reg, city, country)
        w = _Writer(rnd, reg, city, partners[0])
        where = _where_names(reg, city, country)
        place = [("scope", scope)]
        if city:
            place.append(("city", city["slug"]))
        if country:
            place.append(("country", country["code"]))
        if rtype == "solution":
            phrase = rnd.choice(SOLUTION_PHRASES)
            title = (f"{where[0]}: {phrase[0]}", f"{where[1]}: {phrase[1]}")
            summary = w.fill((f"{{org}} runs {phrase[0]}; women can turn to it when the police abuse them.",
                              f"Организация «{{org}}»: {phrase[1]}; женщины могут обратиться туда при злоупотреблениях полиции."))
            slug = new_slug(rtype, f"{phrase[0]} {where[0]}")
            evidence_en, evidence_ru = [], []
            site = partners[0].get("website") or "https://campaign.example/"
            for k in range(rnd.randint(0, 3)):
                t = rnd.choice(EVIDENCE_TITLES)
                url = f"{site.rstrip('/')}/documents/{slug}-{k + 1}"
                kind = rnd.choice(EVIDENCE_KINDS)
                evidence_en.append({"title": t[0], "url": url, "kind": kind})
                evidence_ru.append({"title": t[1], "url": url, "kind": kind})
            shared = [("status", "published"), ("published", published), *place,
                      ("solution_types", rnd.sample(reg.terms("solution-type"), rnd.randint(1, 2))),
                      ("addresses", rnd.sample(violations, rnd.randint(1, 4))),
                      ("stage", rnd.choice(("piloted", "implemented", "implemented", "scaled"))),
                      ("partners", [o["slug"] for o in partners])]
            after = [("review", review)]
            if not evidence_en:
                evidence_en = evidence_ru = None
            rel = related(rtype, slug, 3)
            if rel:
                after.append(("related", rel))
            body = w.body([(SOLUTION_SENTENCES + GENERAL_SENTENCES, "fill")], words)
            en = [("title", title[0]), ("summary", summary[0]), *shared, *([("evidence", evidence_en)] if evidence_en else []), *after]
            ru = [("title", title[1]), ("summary", summary[1]), *shared, *([("evidence", evidence_ru)] if evidence_ru else []), *after]
            write(FOLDERS[rtype], slug, en, ru, body)
        elif rtype == "success":
            phrase = rnd.choice(SUCCESS_PHRASES)
            title = (f"{where[0]}: {phrase[0]}", f"{where[1]}: {phrase[1]}")
            summary = w.fill((f"With the support of {{org}}, {phrase[0]} after women documented what the police did.",
                              f"При поддержке организации «{{org}}» {phrase[1]} после того, как женщины задокументировали действия полиции."))
            slug = new_slug(rtype, f"{phrase[0]} {where[0]}")
            fields = [("status", "published"), ("published", published), *place,
                      ("success_types", rnd.sample(reg.terms("success-type"), rnd.randint(1, 2))),
                      ("partners", [o["slug"] for o in partners])]
            if slugs["commitment"] and rnd.random() < 0.25:
                fields.append(("commitment", rnd.choice(slugs["commitment"])))
            fields.append(("review", review))
            rel = related(rtype, slug, 4)
            if rel:
                fields.append(("related", rel))
            body = w.body([(SUCCESS_SENTENCES + GENERAL_SENTENCES, "fill")], words)
            en, ru = both(fields, (title, summary))
            write(FOLDERS[rtype], slug, en, ru, body)
        else:  # commitment
            phrase = rnd.choice(COMMITMENT_PHRASES)
            title = (f"{where[0]} police: {phrase[0]}", f"Полиция ({where[1]}): {phrase[1]}")
            made_by = ((f"{where[0]} City Police Department", f"Департамент полиции города {where[1]}") if city else
                       (f"Ministry of Internal Affairs ({where[0]})", f"Министерство внутренних дел ({where[1]})") if country else
                       ("Regional police leadership forum", "Региональный форум руководителей полиции"))
            summary = (f"The {made_by[0]} committed to {phrase[0]}, after a meeting with women from the community.",
                       f"{made_by[1]} взял(о) на себя обязательство: {phrase[1]}, после встречи с женщинами из сообщества.")
            slug = new_slug(rtype, f"{phrase[0]} {where[0]}")
            made_on = published - dt.timedelta(days=rnd.randint(0, 30))
            path = ["made"] + rnd.choice([[], ["in-progress"], ["in-progress", "implemented"], ["broken"],
                                          ["in-progress", "broken"]])
            updates_en, updates_ru, day = [], [], made_on
            for status in path:
                note = UPDATE_NOTES[status]
                updates_en.append({"date": day, "status": status, "note": note[0]})
                updates_ru.append({"date": day, "status": status, "note": note[1]})
                day = day + dt.timedelta(days=rnd.randint(60, 300))
            shared = [("status", "published"), ("published", published), *place]
            en = [("title", title[0]), ("summary", summary[0]), *shared, ("made_by", made_by[0])]
            ru = [("title", title[1]), ("summary", summary[1]), *shared, ("made_by", made_by[1])]
            after = [("made_on", made_on), ("commitment_status", path[-1])]
            review = {"by": review["by"], "date": min(review["date"], published)}
            tail = [("review", review)]
            rel = related(rtype, slug, 3)
            if rel:
                tail.append(("related", rel))
            body = w.body([(COMMITMENT_SENTENCES + GENERAL_SENTENCES, "fill")], words)
            write(FOLDERS[rtype], slug, [*en, *after, ("updates", updates_en), *tail],
                  [*ru, *after, ("updates", updates_ru), *tail], body)
    return counts


# -- the plain configuration --------------------------------------------------------------------

def plain_config(corpus: Path, name: str = "mkdocs-plain.yml", fallback: bool = False) -> Path:
    """A plain Material + i18n mkdocs.yml for the same Markdown, next to the corpus's own.

    i18n's `fallback_to_default` is off unless `fallback`: with it on, i18n renders
    every record once more in each language it lacks (uk and ka here), which doubles
    the plain build's record pages, whereas our engine renders each record only in
    its own languages. Off, both builds render the same record pages.
    """
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text("utf-8"))
    theme = dict(config.get("theme") or {})
    theme.pop("custom_dir", None)
    # the plain build reads the editors' folder directly (ours reads it through its stage)
    campaign = next((entry["campaign"] for entry in config.get("plugins") or []
                     if isinstance(entry, dict) and "campaign" in entry), None) or {}
    content_dir = campaign.get("content_dir", config.get("docs_dir", "docs"))
    docs = corpus / content_dir

    def keep(entry):
        target = entry if isinstance(entry, str) else next(iter(entry.values()), None)
        return not isinstance(target, str) or (docs / target).is_file()

    plugins = [{"search": {}}]
    for entry in config.get("plugins") or []:
        name_ = entry if isinstance(entry, str) else next(iter(entry))
        if name_ == "i18n":
            options = dict(entry["i18n"]) if isinstance(entry, dict) else {}
            options["fallback_to_default"] = fallback
            plugins.append({"i18n": options})
    plain = {
        "site_name": config.get("site_name"),
        "site_description": config.get("site_description"),
        "site_url": config.get("site_url", ""),
        "docs_dir": content_dir,
        "use_directory_urls": config.get("use_directory_urls", True),
        "strict": False,
        "theme": theme,
        "exclude_docs": config.get("exclude_docs") or "_data/\n",
        "not_in_nav": config.get("not_in_nav", ""),
        "nav": [entry for entry in config.get("nav") or [] if keep(entry)],
        "markdown_extensions": config.get("markdown_extensions") or [],
        "plugins": plugins,
    }
    path = corpus / name
    path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def serial_config(corpus: Path, name: str = "mkdocs-serial.yml") -> Path:
    """Our mkdocs.yml with the engine in one process and without its content cache: the serial
    build the parallel one is compared with (same site, byte for byte: tests/test_parallel.py)."""
    text = (corpus / "mkdocs.yml").read_text("utf-8")
    text, found = re.subn(r"(\n  - campaign:\n)", "\\1      workers: 1\n      cache_dir: \"\"\n", text, count=1)
    if not found:
        raise SystemExit("benchmark: no campaign plugin block in mkdocs.yml")
    path = corpus / name
    path.write_text(text, "utf-8")
    return path


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(log: Path, pattern: str, start: int, process, timeout: float = 3600):
    """(match, offset after it) of the first `pattern` in the log after `start`; None if the server died."""
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        found = rx.search(text, start)
        if found:
            return found, found.end()
        if process.poll() is not None:
            return None, start
        time.sleep(0.05)
    return None, start


def warm_rebuild(corpus: Path, log: Path) -> dict:
    """`mkdocs serve --dirty` on the corpus (after the builds: its content cache is warm), then one
    story's text edited: seconds from the save to the rebuilt site, as the server reports them."""
    story = sorted(p for p in (corpus / "content" / "stories").glob("*.md") if p.name.count(".") == 1)[-1]
    original = story.read_text("utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    port = _free_port()
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                                   "-a", f"127.0.0.1:{port}"], cwd=corpus, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    # MkDocs' own line after each build of the server ("Documentation built in 1.23 seconds")
    built = r"Documentation built in ([0-9.]+) seconds"
    try:
        found, offset = _wait_for(log, r"Serving on", 0, server)
        if found is None:
            raise SystemExit(f"benchmark: mkdocs serve stopped; log: {log}")
        first = re.search(built, log.read_text("utf-8", "replace"))
        time.sleep(1.5)  # the watcher's first scan
        cpu_before = _process_cpu(server.pid)
        start = time.perf_counter()
        story.write_text(original.rstrip("\n") + "\n\nOne more sentence, written for the benchmark.\n", "utf-8")
        found, _ = _wait_for(log, built, offset, server)
        wall = time.perf_counter() - start
        if found is None:
            raise SystemExit(f"benchmark: the rebuild after an edit failed; log: {log}")
        return {"seconds": round(float(found.group(1)), 2), "wall_seconds": round(wall, 2),
                "cpu_seconds": round(_process_cpu(server.pid) - cpu_before, 2),
                "first_build_seconds": float(first.group(1)) if first else None, "edited": story.name}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        story.write_text(original, "utf-8")


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its waited-for children, from /proc; 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return sum(int(v) for v in fields[11:15]) / ticks
    except (OSError, ValueError, IndexError):
        return 0.0


# -- building and measuring ---------------------------------------------------------------------

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(config: Path, site_dir: Path, log: Path) -> tuple:
    """(wall seconds, CPU seconds) `mkdocs build` takes in a fresh process, start-up included.

    CPU time (user + system of the build and the processes it waits for, e.g. Pagefind)
    is less sensitive than wall time to other work on the machine."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    log.write_text(result.stdout, "utf-8")
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-30:])
        raise SystemExit(f"benchmark: building {config.name} failed (exit {result.returncode}); log: {log}\n{tail}")
    return seconds, cpu


def site_totals(site: Path) -> dict:
    """Pages (index.html files), files, bytes (sum of file sizes) and the largest page."""
    pages = files = size = 0
    largest = (0, "")
    for root, _, names in os.walk(site):
        for n in names:
            path = os.path.join(root, n)
            bytes_ = os.stat(path).st_size
            files += 1
            size += bytes_
            if n == "index.html":
                pages += 1
                largest = max(largest, (bytes_, "/" + Path(os.path.relpath(root, site)).as_posix().strip(".") + "/"))
    return {"pages": pages, "files": files, "bytes": size,
            "largest_page": {"url": largest[1].replace("//", "/"), "html_bytes": largest[0]}}


class _Assets(html.parser.HTMLParser):
    """The stylesheets, scripts, icons and eager images a page references, and Material's __config."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []
        self.config = None
        self.material_search = False  # the page has Material's search component
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("data-md-component") == "search":
            self.material_search = True
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon", "modulepreload"} & set(rel)):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "img" and a.get("src") and (a.get("loading") or "").lower() != "lazy":
            self.urls.append(a["src"])
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            try:
                self.config = json.loads(data)
            except ValueError:
                pass

    def handle_endtag(self, tag):
        self._in_config = False


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _local_file(site: Path, page_url: str, ref: str):
    joined = urljoin("http://site" + page_url, ref)
    parsed = urlparse(joined)
    if parsed.netloc != "site":
        return None  # another host: a plain Material site has none with font: false
    path = parsed.path
    if path.endswith("/"):
        path += "index.html"
    file = site / posixpath.normpath(path).lstrip("/")
    return file if file.is_file() else None


def page_weight(site: Path, url_path: str):
    """First-visit weight of the page at `url_path` ('' is the home page); None if there is none."""
    page_url = "/" + url_path.strip("/") + ("/" if url_path.strip("/") else "")
    page = site / url_path.strip("/") / "index.html"
    if not page.is_file():
        return None
    html_bytes = page.read_bytes()
    parser = _Assets()
    parser.feed(html_bytes.decode("utf-8"))
    refs = list(parser.urls)
    config = parser.config or {}
    if config.get("search") and parser.material_search:
        # Material's search worker starts on every page view and fetches the whole index at once,
        # then lunr's language support for every language of the index (measured in Chromium)
        refs.append(config["search"])
        index_ref = config.get("base", ".").rstrip("/") + "/search/search_index.json"
        refs.append(index_ref)
        index_file = _local_file(site, page_url, index_ref)
        langs = []
        if index_file is not None:
            try:
                langs = json.loads(index_file.read_bytes()).get("config", {}).get("lang") or []
            except ValueError:
                pass
        langs = [lang for lang in ([langs] if isinstance(langs, str) else langs) if lang != "en"]
        lunr = posixpath.join(posixpath.dirname(config["search"]), "..", "lunr", "min")
        if langs:
            refs.append(f"{lunr}/lunr.stemmer.support.min.js")
            refs += [f"{lunr}/lunr.{lang}.min.js" for lang in langs]
        if len(langs) + 1 > 1 and langs:
            refs.append(f"{lunr}/lunr.multi.min.js")
    breakdown, seen, missing = {}, set(), []
    for ref in refs:
        file = _local_file(site, page_url, ref)
        if file is None:
            missing.append(ref)
            continue
        if file in seen:
            continue
        seen.add(file)
        breakdown[file.relative_to(site).as_posix()] = _gz(file.read_bytes())
    html_gz = _gz(html_bytes)
    return {"url": page_url, "html_bytes": len(html_bytes), "html_gz": html_gz,
            "total_gz": html_gz + sum(breakdown.values()), "files": breakdown, "missing": missing}


def _busiest_city(corpus: Path):
    counts = {}
    for path in (corpus / "content" / "stories").glob("*.md"):
        if path.name.count(".") == 1:
            match = re.search(r"^city:\s*([a-z0-9-]+)", path.read_text("utf-8"), re.M)
            if match:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return max(sorted(counts), key=counts.get) if counts else None


def measure_pages(site: Path, story: str, city: str) -> dict:
    paths = {"story": f"stories/{story}/", "index": "stories/", "city": f"cities/{city}/", "map": "map/", "home": ""}
    return {kind: page_weight(site, path) for kind, path in paths.items()}


def measure_search(site: Path, story_path: str, query: str):
    """Bytes (gzip 6 of each file fetched) one search for `query` costs on a story page, in Chromium.

    None when Playwright or Chromium is missing. Runs our search box (data-wav-search)."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.is_file():
        return None
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    fetched = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            try:
                page = browser.new_page()
                page.goto(f"{base}/{story_path}")
                page.wait_for_load_state("networkidle")
                page.on("requestfinished", lambda request: fetched.append(request.url))
                field = page.locator("[data-wav-search-query]")
                if field.count() == 0:
                    return None
                field.click()
                field.fill(query)
                page.wait_for_function("() => document.querySelectorAll('[data-wav-search-list] li').length > 0",
                                       timeout=30000)
                page.wait_for_load_state("networkidle")
                results = page.locator("[data-wav-search-list] li").count()
            finally:
                browser.close()
    except Exception as exc:  # a measurement, not a test: report and go on
        print(f"benchmark: search measurement skipped: {exc}", file=sys.stderr)
        return None
    finally:
        server.shutdown()
    files = {}
    for url in fetched:
        path = urlparse(url).path
        file = site / path.lstrip("/")
        if file.is_file():
            files[path] = _gz(file.read_bytes())
    return {"query": query, "results_shown": results, "requests": len(fetched), "gz": sum(files.values()),
            "files": files}


# -- report -------------------------------------------------------------------------------------

def _kb(n) -> str:
    return "n/a" if n is None else f"{n / 1024:,.1f} KB"


def _mb(n) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def markdown_table(result: dict) -> str:
    full, plain = result["full"], result["plain"]
    counts = result["records"]
    load = result.get("load")
    lines = [f"Corpus: {counts['story']} stories, {counts['solution']} solutions, {counts['success']} success stories, "
             f"{counts['commitment']} commitments, each in en + ru (seed {result['seed']}); "
             f"Python {result['python']}, {result['cpus']} CPU(s), engine {result.get('engine', '?')}"
             + (f"; load average {load[0]:.2f} before, {load[1]:.2f} after" if load else "") + ".", "",
             "| measure | full (campaign) | plain Material + i18n | full / plain |", "|---|--:|--:|--:|"]
    lines.append(f"| build time (parallel: {result['cpus']} processes, content cache cold) | {full['seconds']:.1f} s | "
                 f"{plain['seconds']:.1f} s | {result['ratio']:.2f}x |")
    lines.append(f"| build CPU time (user + system) | {full['cpu_seconds']:.1f} s | {plain['cpu_seconds']:.1f} s | "
                 f"{result['cpu_ratio']:.2f}x |")
    if "serial" in result:
        serial = result["serial"]
        lines.append(f"| build time, serial (one process, no cache) | {serial['seconds']:.1f} s | {plain['seconds']:.1f} s | "
                     f"{result['serial_ratio']:.2f}x |")
        lines.append(f"| build CPU time, serial | {serial['cpu_seconds']:.1f} s | {plain['cpu_seconds']:.1f} s | "
                     f"{serial['cpu_seconds'] / plain['cpu_seconds']:.2f}x |")
    if "warm" in result:
        warm = result["warm"]
        lines.append(f"| rebuild after editing one story's text (`mkdocs serve --dirty`) | {warm['seconds']:.1f} s "
                     f"({warm['wall_seconds']:.1f} s from the save, {warm['cpu_seconds']:.1f} s CPU) | | |")
    lines.append(f"| pages (index.html) | {full['pages']:,} | {plain['pages']:,} | |")
    lines.append(f"| pages per second | {full['pages_per_second']:,.0f} | {plain['pages_per_second']:,.0f} | |")
    lines.append(f"| output size | {_mb(full['bytes'])} ({full['files']:,} files) | "
                 f"{_mb(plain['bytes'])} ({plain['files']:,} files) | {full['bytes'] / plain['bytes']:.2f}x |")
    labels = {"story": "story page", "index": "index page /stories/", "city": "city page /cities/{city}/",
              "map": "regional map /map/", "home": "home page /"}
    for kind, label in labels.items():
        f, p = full["weights"][kind], plain["weights"][kind]
        label = label.format(city=result["city"])
        ratio = f"{f['total_gz'] / p['total_gz']:.2f}x" if f and p else ""
        lines.append(f"| {label}, first visit (gzip) | {_kb(f and f['total_gz'])} | {_kb(p and p['total_gz'])} | {ratio} |")
    fs, ps = full["weights"]["story"], plain["weights"]["story"]
    lines.append(f"| story page HTML only (raw / gzip) | {_kb(fs['html_bytes'])} / {_kb(fs['html_gz'])} | "
                 f"{_kb(ps and ps['html_bytes'])} / {_kb(ps and ps['html_gz'])} | |")
    lf, lp = full["largest_page"], plain["largest_page"]
    lines.append(f"| largest page HTML (raw) | {_kb(lf['html_bytes'])} `{lf['url']}` | "
                 f"{_kb(lp['html_bytes'])} `{lp['url']}` | |")
    search = result.get("search")
    index = plain.get("search_index_gz")
    plain_search = f"0 more (index already loaded: {_kb(index)})" if index else "n/a"
    ours = f"{_kb(search['gz'])} ({len(search['files'])} files)" if search else "not measured"
    lines.append(f"| one search query ('{result['query']}'), extra bytes (gzip) | {ours} | {plain_search} | |")
    lines += ["", "Targets: " + "; ".join(
        f"{name}: {'met' if ok else 'MISSED'} ({detail})" for name, ok, detail in result["targets"])]
    return "\n".join(lines)


def run(stories: int, keep=None, seed: int = DEFAULT_SEED, query: str = "lawyer", browser: bool = True,
        source=None, plain_fallback: bool = False, progress=print, serial: bool = True, warm: bool = True) -> dict:
    holder = None
    if keep:
        work = Path(keep).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        holder = tempfile.TemporaryDirectory(prefix="wav-benchmark-")
        work = Path(holder.name)
    try:
        corpus = work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        progress(f"generating {stories} stories in {corpus} ...")
        counts = generate_corpus(corpus, stories, seed=seed, source=source)
        plain_yml = plain_config(corpus, fallback=plain_fallback)
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        result = {"stories": stories, "seed": seed, "records": counts, "query": query, "plain_fallback": plain_fallback,
                  "engine": engine_digest(source),
                  "python": sys.version.split()[0], "cpus": os.cpu_count()}
        serial_yml = serial_config(corpus)
        # "full" is the build as the site runs it (a process pool, the content cache cold: a fresh
        # corpus); "serial" the same engine in one process; both give the same site
        for name, config in (("full", corpus / "mkdocs.yml"), ("serial", serial_yml), ("plain", plain_yml)):
            if name == "serial" and not serial:
                continue
            site = work / f"site-{name}"
            if site.exists():
                shutil.rmtree(site)
            if name == "full":  # cold: a fresh corpus has no content cache (the serial build uses none)
                shutil.rmtree(corpus / ".cache", ignore_errors=True)
            progress(f"building {name} ...")
            seconds, cpu = build(config, site, work / f"build-{name}.log")
            totals = site_totals(site)
            result[name] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), **totals,
                            "pages_per_second": round(totals["pages"] / seconds, 1)}
            progress(f"  {name}: {seconds:.1f} s ({cpu:.1f} s CPU), {totals['pages']} pages")
            if name == "serial":
                shutil.rmtree(site)  # the same bytes as site-full (tests/test_parallel.py)
        if warm:
            # the content cache as the full build left it, as the server finds it after any build
            progress("mkdocs serve --dirty, then one edit ...")
            result["warm"] = warm_rebuild(corpus, work / "serve.log")
            progress(f"  rebuild after editing one story: {result['warm']['seconds']:.1f} s "
                     f"({result['warm']['wall_seconds']:.1f} s from the save)")
        story = sorted(slug[:-3] for slug in os.listdir(corpus / "content" / "stories") if slug.count(".") == 1)[0]
        city = _busiest_city(corpus)
        result["story"], result["city"] = story, city
        for name in ("full", "plain"):
            site = work / f"site-{name}"
            result[name]["weights"] = measure_pages(site, story, city)
            index = site / "search" / "search_index.json"
            result[name]["search_index_gz"] = _gz(index.read_bytes()) if index.is_file() else None
        result["ratio"] = round(result["full"]["seconds"] / result["plain"]["seconds"], 2)
        result["cpu_ratio"] = round(result["full"]["cpu_seconds"] / result["plain"]["cpu_seconds"], 2)
        if "serial" in result:
            result["serial_ratio"] = round(result["serial"]["seconds"] / result["plain"]["seconds"], 2)
        result["search"] = (measure_search(work / "site-full", f"stories/{story}/", query) if browser else None)
        story_w = result["full"]["weights"]["story"]
        result["targets"] = [
            ("build time <= 1.3x plain", result["ratio"] <= TARGETS["ratio"], f"{result['ratio']:.2f}x"),
            ("story HTML <= 40 KB", story_w["html_bytes"] <= TARGETS["story_html_bytes"], _kb(story_w["html_bytes"])),
            ("story first visit <= 250 KB gzip", story_w["total_gz"] <= TARGETS["story_first_visit_gz"],
             _kb(story_w["total_gz"])),
        ]
        if stories == 2000 and "warm" in result:
            result["targets"].append(("warm rebuild after one edit < 5 s", result["warm"]["seconds"] < 5,
                                      f"{result['warm']['seconds']:.1f} s"))
        result["targets"].append(("output < 1 GB (GitHub Pages)", result["full"]["bytes"] < 10**9,
                                  _mb(result["full"]["bytes"])))
        if load_before is not None:
            # timings on a busy machine are not comparable: the table says how busy it was
            result["load"] = (round(load_before, 2), round(os.getloadavg()[0], 2))
        if keep:
            result["kept"] = str(work)
        return result
    finally:
        if holder is not None:
            holder.cleanup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m campaign.tools.benchmark",
                                     description="Build a synthetic corpus with our engine and with plain Material; compare.")
    parser.add_argument("--stories", type=int, required=True, help="number of stories (each in en and ru)")
    parser.add_argument("--keep", metavar="DIR", help="keep the corpus and both sites in DIR")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--query", default="lawyer", help="word for the search measurement (default: lawyer)")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measurement in Chromium")
    parser.add_argument("--source", help="project folder to take mkdocs.yml, overrides/ and content/ from")
    parser.add_argument("--plain-fallback", action="store_true",
                        help="let i18n copy records into the languages they lack in the plain build (off by default)")
    parser.add_argument("--no-serial", action="store_true", help="skip the serial build (one process, no cache)")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm rebuild (mkdocs serve --dirty, one edit)")
    args = parser.parse_args(argv)
    if args.stories < 1:
        parser.error("--stories must be at least 1")
    log = (lambda msg: print(msg, file=sys.stderr)) if args.json else print
    result = run(args.stories, keep=args.keep, seed=args.seed, query=args.query, browser=not args.no_browser,
                 source=args.source, plain_fallback=args.plain_fallback, progress=log,
                 serial=not args.no_serial, warm=not args.no_warm)
    if args.json:
        out = dict(result)
        out["targets"] = [{"target": n, "met": ok, "value": v} for n, ok, v in result["targets"]]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print()
        print(markdown_table(result))
        if result.get("kept"):
            print(f"\nKept in {result['kept']} (corpus/, site-full/, site-plain/, build logs).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
