"""Demo articles for `manage.py quickstart`: sections, authors, 44 articles.

The organisation and everyone in it are fictional; the places are real. The newest
article is a day old, the others follow every few days; two are scheduled and two are
drafts (bylined to Jamie Fraser, whose staff account quickstart creates).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from images.demo import demo_image, picture_description
from publishing.models.publishable import site_language

from .models import Article, Author, Byline, Section

NEWS, ANALYSIS, SPEECHES, INTERNATIONAL = range(4)
SECTIONS = [
    ("News", "Reports from the ports and the picket lines."),
    ("Analysis", "Longer pieces on shipping, trade and work."),
    ("Speeches", "Transcripts of speeches at rallies and conferences."),
    ("International", "Solidarity across borders."),
]
KOWALCZYK, OKAFOR, PETRENKO, FRASER, ROMERO = range(5)
AUTHORS = [
    ("Maria Kowalczyk", "<p>Organiser with the Gdynia dockers' committee.</p>"),
    ("Sam Okafor", "<p>Researcher on port automation and working hours.</p>"),
    ("Ольга Петренко", "<p>Seafarers' welfare officer, writing from Odesa.</p>"),
    ("Jamie Fraser", "<p>Editor of the network's bulletin.</p>"),
    ("Lucía Romero", "<p>International secretary of the coalition.</p>"),
]
# Library images: (title, caption). Each is a generated campaign graphic.
IMAGES = [
    ("Night shift campaign graphic", "The campaign's poster for the night-shift vote."),
    ("Safe staffing poster", "Poster for the safe-staffing campaign."),
    ("Strike fund appeal graphic", "Appeal graphic for the strike fund."),
    ("Automation debate graphic", "From the network's leaflet on automation."),
    ("Rally placard design", "Placard design for the harbour rally."),
    ("Crew change charter graphic", "Graphic for the crew-change charter."),
    ("Conference banner", "The conference banner."),
    ("Pay campaign poster", "Poster for the pay campaign."),
    ("Safety week graphic", "Graphic for the safety week."),
    ("Solidarity fund graphic", "Appeal graphic for the solidarity fund."),
    ("Young workers' forum graphic", "Graphic for the young workers' forum launch."),
    ("Memorial day graphic", "Graphic for the seafarers' memorial."),
]
TAGS = ["dockers", "seafarers", "safety", "pay", "automation", "solidarity", "strikes",
        "international", "women", "climate"]  # fmt: skip

# (title, (section, author(s), tags), standfirst, opening paragraph). The opening is the
# article's own; what follows it depends on the section (see FOLLOW_UPS).
ARTICLES = [
    (
        "Dockers vote to defend the night shift",
        (NEWS, [FRASER, OKAFOR], ["dockers", "strikes"]),
        "Members at the container terminal voted by 412 to 9 to reject the operator's plan "
        "to scrap the night shift without consultation.",
        "The ballot closed on Friday evening after a week of gate meetings on every shift. "
        "Turnout was 87 per cent, the highest the branch has recorded.",
    ),
    (
        "Solidarność w porcie: gdańscy dokerzy wspierają strajk",
        (INTERNATIONAL, [KOWALCZYK], ["solidarity", "strikes"]),
        "Dokerzy z Gdańska zebrali ponad 30 tysięcy złotych dla rodzin strajkujących "
        "pracowników terminalu.",
        "Zbiórka trwała dwa tygodnie. Pieniądze trafią do funduszu, który pokrywa czynsze i "
        "rachunki rodzin najdłużej pozostających bez wypłaty.",
    ),
    (
        "Солидарность моряков: письмо из Одессы",
        (INTERNATIONAL, [PETRENKO], ["seafarers"]),
        "Ольга Петренко рассказывает, как работает центр помощи морякам, которые месяцами "
        "не могут вернуться домой.",
        "Каждую неделю в центр приходят моряки с судов, застрявших в порту. Им нужны связь с "
        "семьёй, юридическая помощь и горячий обед.",
    ),
    (
        "Why automation is not inevitable",
        (ANALYSIS, [OKAFOR], ["automation"]),
        "Automated terminals are sold as the only future for ports. The record of the last "
        "twenty years tells a more complicated story.",
        "Fully automated terminals have often taken years longer than planned to match the "
        "output of the terminals they replaced. Where they work well, it is usually because "
        "workers and operators agreed how the technology would be brought in.",
    ),
    (
        "A speech to the harbour rally",
        (SPEECHES, [KOWALCZYK], ["automation", "dockers"]),
        "“Nobody in this square is against new machines. We are against being treated as if "
        "we were one of them.” The speech to Saturday's rally at the harbour gates.",
        "This is the text of the speech given by Maria Kowalczyk to the rally at the harbour "
        "gates, lightly edited for reading.",
    ),
    (
        "Seafarers stranded: the case for a crew-change charter",
        (ANALYSIS, [PETRENKO, ROMERO], ["seafarers", "international"]),
        "Thousands of seafarers are kept on board long after their contracts end. A binding "
        "charter on crew changes would stop it.",
        "Maritime law already limits how long a seafarer may serve without leave. The problem "
        "is enforcement: a ship can trade between ports for months without anyone checking.",
    ),
    (
        "Łódź warehouse workers join the coalition",
        (NEWS, [FRASER], ["solidarity"]),
        "The warehouse workers' committee in Łódź has voted to affiliate, bringing the first "
        "inland logistics members into the network.",
        "Goods unloaded in our ports end up on the shelves of warehouses hundreds of "
        "kilometres inland. The committee's members say their rosters, pay and safety "
        "problems mirror ours.",
    ),
    (
        "Report from the Rotterdam conference",
        (INTERNATIONAL, [ROMERO], ["international", "automation"]),
        "Two hundred delegates from fourteen countries agreed a common approach to "
        "automation, agency work and safety inspections.",
        "The conference opened with a minute's silence for the workers killed in European "
        "ports over the past year. Delegates then spent two days in workshops on the issues "
        "members raised most often in our survey.",
    ),
    (
        "Pay talks resume after two-week stoppage",
        (NEWS, [FRASER], ["pay", "strikes"]),
        "Negotiators return to the table on Monday, after the operator withdrew its demand "
        "to freeze pay for three years.",
        "The union's negotiating team says it will recommend no offer that falls below "
        "inflation. Members will vote on any offer before it is accepted.",
    ),
    (
        "What the new port authority plan means for jobs",
        (ANALYSIS, [OKAFOR], ["automation", "dockers"]),
        "The authority's ten-year plan promises growth but says almost nothing about the "
        "people who will do the work. We read the fine print.",
        "The plan forecasts a 40 per cent rise in container traffic and a 25 per cent cut in "
        "staff per crane. Read together, those two figures mean fewer people doing more work.",
    ),
    (
        "Голос докеров: итоги собрания",
        (INTERNATIONAL, [PETRENKO], ["dockers"]),
        "Собрание докеров поддержало требования сети о безопасной численности смен и отказе "
        "от заёмного труда.",
        "В собрании приняли участие более ста работников трёх терминалов. Решения будут "
        "переданы администрации порта на следующей неделе.",
    ),
    (
        "Safety first: container lashing deaths must stop",
        (NEWS, [KOWALCZYK], ["safety"]),
        "Lashing is the most dangerous job on the quay. Three deaths in European ports this "
        "year show the rules are not being followed.",
        "Lashing belongs to trained dockworkers, not to ships' crews told to do it on top of "
        "their own work. The network is asking every port authority to enforce the rule.",
    ),
    (
        "Our union, our harbour: opening address",
        (SPEECHES, [ROMERO], ["solidarity"]),
        "The opening address to the network's annual meeting, on what solidarity means when "
        "the work crosses every border.",
        "Lucía Romero, the coalition's international secretary, opened the meeting. The text "
        "below is the address as delivered.",
    ),
    (
        "Community kitchens keep the picket going",
        (NEWS, [FRASER], ["strikes", "solidarity"]),
        "Volunteers from the harbour estates have served more than four thousand meals to "
        "pickets and their families since the stoppage began.",
        "The kitchen runs from a church hall two streets from the terminal. Local shops "
        "donate bread and vegetables, and the tenants' association organises the rota.",
    ),
    (
        "Ports of convenience and the race to the bottom",
        (ANALYSIS, [OKAFOR], ["international", "pay"]),
        "When ports compete on who offers the cheapest labour, every port loses. Why common "
        "standards are in the operators' interest too.",
        "Shipping lines move their calls between ports at short notice, and terminal "
        "operators answer by cutting costs. Labour is the cost they can cut fastest.",
    ),
    (
        "Solidarity from Valparaíso",
        (INTERNATIONAL, [ROMERO], ["solidarity", "international"]),
        "Port workers in Valparaíso have sent a message of support and a donation to the "
        "strike fund. We publish their letter in full.",
        "The letter was read out at the morning mass meeting and received a long ovation. "
        "Our reply, adopted the same day, follows below.",
    ),
    (
        "Dziesięć lat walki o bezpieczne nabrzeże",
        (INTERNATIONAL, [KOWALCZYK], ["safety"]),
        "Dziesięć lat temu dokerzy z Gdyni założyli komitet bezpieczeństwa. Opowiadają, co "
        "udało się od tego czasu zmienić.",
        "Komitet powstał po wypadku, w którym ciężko ranny został młody operator żurawia. "
        "Dziś ma przedstawicieli na każdej zmianie.",
    ),
    (
        "Young workers' forum launches",
        (NEWS, [FRASER], ["dockers"]),
        "Members under thirty now have a forum of their own, with its first meeting planned "
        "for next month.",
        "Young workers are more likely to be on agency contracts and less likely to be in a "
        "union. The forum will run training on rights at work and a mentoring scheme with "
        "experienced members.",
    ),
    (
        "Pension fund divests from union-busting operator",
        (NEWS, [OKAFOR], ["solidarity"]),
        "A public-sector pension fund has sold its stake in a terminal operator after a "
        "campaign by its own members.",
        "Campaigners wrote to the fund's trustees with evidence that union representatives "
        "had been dismissed at two terminals. The fund confirmed the sale in its quarterly "
        "report.",
    ),
    (
        "Letter to the transport minister",
        (NEWS, [FRASER, ROMERO], ["safety"]),
        "The network has written to the transport minister asking for an independent inquiry "
        "into safety at the country's largest ports.",
        "The letter sets out the findings of our safety survey and asks for a reply within "
        "six weeks.",
    ),
    (
        "Tugboat crews win overtime claim",
        (NEWS, [KOWALCZYK], ["pay", "seafarers"]),
        "Tug crews will be paid for every hour on call, after a two-year dispute ended in a "
        "settlement this week.",
        "Crews had been expected to stay within reach of the harbour for whole weekends "
        "without pay. The settlement includes back pay for the last twelve months.",
    ),
    (
        "The history of the 1921 harbour strike",
        (ANALYSIS, [FRASER], ["strikes", "dockers"]),
        "A century ago a six-week strike won the first guaranteed daily wage on the "
        "waterfront. What it can teach us today.",
        "Before 1921, dockers queued at the gate each morning and were hired by the hour, if "
        "they were hired at all. The strike ended that system in our port for good.",
    ),
    (
        "Speech at the memorial for lost seafarers",
        (SPEECHES, [PETRENKO], ["seafarers"]),
        "“We remember them by name, and we remember them by what we do next.” The address at "
        "the annual memorial on the pier.",
        "Every year members gather at the seafarers' memorial to read the names of those lost "
        "at sea. This year's address was given by Ольга Петренко.",
    ),
    (
        "Ferry workers announce ballot",
        (NEWS, [FRASER], ["seafarers", "safety"]),
        "Ferry crews on the island routes will vote on strike action over staffing levels "
        "that leave sailings short of trained crew.",
        "The ballot opens next week and runs for three weeks. The union says several sailings "
        "this year left with fewer crew than the safe manning certificate requires.",
    ),
    (
        "Climate and the ports: a just transition",
        (ANALYSIS, [OKAFOR, ROMERO], ["climate"]),
        "Shore power, electric cranes and cleaner fuels are coming. Workers must have a say "
        "in how, or the transition will be paid for in jobs.",
        "Ports are among the largest polluters in many coastal cities, and the people who live "
        "beside them breathe the result. Cleaner ports are in dockworkers' interest too.",
    ),
    (
        "International day of action: what happened where",
        (INTERNATIONAL, [ROMERO], ["international", "strikes"]),
        "From Gdańsk to Santos, port workers stopped work for an hour, held meetings on the "
        "quay and marched to port authorities.",
        "Reports arrived through the day from more than thirty ports. Below is a round-up of "
        "the ones we could confirm.",
    ),
    (
        "Shift patterns and family life: survey results",
        (ANALYSIS, [OKAFOR], ["dockers"]),
        "Two thirds of the members who answered our survey learn their shifts less than two "
        "days in advance.",
        "More than 1,200 members answered the survey over six weeks. The results show how "
        "unpredictable rosters affect childcare, health and sleep.",
    ),
    (
        "Pilots' association backs the campaign",
        (NEWS, [KOWALCZYK], ["safety", "solidarity"]),
        "Harbour pilots have voted to support the safe-staffing campaign, saying short-handed "
        "crews put ships and ports at risk.",
        "Pilots board every large ship that enters the harbour and see crews at work up "
        "close. Their association's statement calls on operators to meet the network.",
    ),
    (
        "Translation team needs volunteers",
        (NEWS, [FRASER], ["international"]),
        "Our reports now appear in six languages. To keep up, the volunteer translation team "
        "is looking for new members.",
        "Volunteers translate articles, statements and leaflets, usually a few hundred words "
        "at a time. Experience is welcome but not required: a second reader checks every "
        "text.",
    ),
    (
        "Warehouse robots and the working day",
        (ANALYSIS, [OKAFOR], ["automation", "safety"]),
        "In automated warehouses the machines set the pace. Workers describe what that does "
        "to breaks, targets and injuries.",
        "Pickers in automated warehouses walk less, but they repeat the same movements "
        "hundreds of times an hour. Strain injuries have risen where the system sets the "
        "targets.",
    ),
    (
        "Greetings to the dockers of Piraeus",
        (SPEECHES, [ROMERO], ["international"]),
        "The message of greeting from our annual meeting to the dockworkers of Piraeus, read "
        "at their assembly.",
        "Delegates adopted the message unanimously. It was translated into Greek and read at "
        "the Piraeus assembly the following week.",
    ),
    (
        "Agency work at the terminal: questions answered",
        (NEWS, [FRASER], ["pay", "dockers"]),
        "What your rights are if you are hired through an agency, and how the union can help: "
        "answers to the questions members ask most.",
        "Agency workers have the same right as anyone to join the union and be represented. "
        "Many of the rules on pay and breaks apply to them from their first day.",
    ),
    (
        "Women on the waterfront",
        (ANALYSIS, [KOWALCZYK], ["women", "dockers"]),
        "Women are still fewer than one in ten dockworkers. Three members talk about getting "
        "in, staying in and changing the job.",
        "A crane operator, a lasher and a planner: the three women we spoke to have more than "
        "forty years on the quay between them.",
    ),
    (
        "A week on the picket line",
        (NEWS, [FRASER], ["strikes"]),
        "Seven days, three shifts a day, one gate: a diary from the picket at the container "
        "terminal.",
        "Monday started at half past five, with frost on the fence and a flask of tea. By "
        "seven o'clock there were forty people at the gate.",
    ),
    (
        "The logistics chain explained",
        (ANALYSIS, [OKAFOR], ["international"]),
        "From the factory to the shop shelf, a container changes hands a dozen times. Knowing "
        "where the chain is strong and where it is weak matters for organising.",
        "A container loaded in Asia passes through ports, rail yards, warehouses and delivery "
        "depots before its contents reach a shop. At each link the work is done by people "
        "who rarely meet.",
    ),
    (
        "Speech to the coalition's annual meeting",
        (SPEECHES, [FRASER], ["solidarity"]),
        "The secretary's report to the annual meeting: a year of disputes won and lost, and "
        "the priorities for the next one.",
        "Jamie Fraser presented the report on behalf of the coordinating committee. It was "
        "adopted after a two-hour debate.",
    ),
    (
        "Harbour cleaners win living wage",
        (NEWS, [KOWALCZYK], ["pay", "women"]),
        "Cleaners employed by contractors at the port will be paid the living wage from next "
        "month, after a campaign backed by dockworkers.",
        "Most of the cleaners work nights, many of them in two jobs. Dockworkers refused to "
        "cross their picket line on the day of action that settled the dispute.",
    ),
    (
        "Cargo ship detained over unpaid wages",
        (INTERNATIONAL, [PETRENKO], ["seafarers", "pay"]),
        "Inspectors detained a bulk carrier after its crew reported four months of unpaid "
        "wages. The crew have now been paid in full.",
        "The crew contacted a welfare officer when the ship arrived in port. Within two days "
        "inspectors had boarded and confirmed the complaint.",
    ),
    (
        "Cross-border solidarity fund reaches target",
        (INTERNATIONAL, [ROMERO], ["solidarity"]),
        "The fund that supports workers in dispute in any member's country has reached its "
        "target for the year, two months early.",
        "Donations came from branches, individual members and supporters in eleven "
        "countries. The fund has already helped families in three disputes this year.",
    ),
    (
        "Port health and safety inspections cut",
        (NEWS, [OKAFOR], ["safety"]),
        "The number of safety inspections in the country's ports has fallen by a third in "
        "five years, figures obtained by the network show.",
        "The figures were obtained through a freedom of information request. The inspectors' "
        "own union says staff shortages mean many visits are now announced days in advance.",
    ),
    (
        "Fishermen and dockers: one harbour",
        (ANALYSIS, [KOWALCZYK], ["dockers", "climate"]),
        "Fishing crews and dockworkers share the same quays but rarely the same meetings. A "
        "joint committee wants to change that.",
        "The committee met for the first time in the harbour master's old office, with ten "
        "members from each side. Its first task is a shared list of safety problems.",
    ),
    (
        "The campaign's demands, in brief",
        (NEWS, [FRASER], ["safety", "seafarers"]),
        "Safe staffing, an end to agency work at the terminals and crew changes for every "
        "seafarer: what we are asking for, and why.",
        "Our demands were agreed by the annual meeting and have not changed since. This page "
        "sets them out in a few lines each, for leaflets and new members.",
    ),
    (
        "Bulletin: what's next for the network",
        (NEWS, [FRASER], ["solidarity"]),
        "Meetings, ballots and campaign dates for the coming months, in one place.",
        "This bulletin collects what the branches have sent in. Dates still to be confirmed "
        "are marked as such.",
    ),
    (
        "Notes for the annual conference programme",
        (NEWS, [FRASER], ["international"]),
        "Proposals for workshops and speakers, for discussion by the coordinating committee.",
        "Branches have proposed eleven workshops so far. The committee will choose six, "
        "keeping one slot for a session led by the young workers' forum.",
    ),
]

# What follows the opening, by section; articles of a section take turns.
FOLLOW_UPS = {
    NEWS: [
        "<h2>What happens next</h2><p>The branch committee meets on Tuesday to plan the next "
        "steps. <strong>Every member is welcome</strong>: the meeting is in the Dockers' Hall "
        "at half past six.</p><ul><li>Report back at the gate meetings</li><li>Letters to "
        "the operator and the port authority</li><li>A collection for the hardship fund</li>"
        "</ul>",
        "<blockquote><p>We did this together, and we will keep doing it together.</p>"
        "</blockquote><p>Shop stewards will report to members at the start of each shift. "
        'Questions can be sent to <a href="mailto:info@harbourside.example">the network\'s '
        "office</a>.</p>",
        "<h2>Background</h2><p>The issue was first raised at the branch's annual general "
        "meeting, and members have returned to it at <em>every meeting since</em>. The "
        "network's safety survey gave the figures to back it up.</p>",
    ],
    ANALYSIS: [
        "<h2>The numbers</h2><p>The figures come from operators' own annual reports and from "
        "our survey of members. Where they disagree, we say so.</p><h2>What we propose</h2>"
        "<ol><li>Agreements on new technology before it is bought, not after</li><li>Safe "
        "staffing levels set with the people who do the work</li><li>Retraining paid by the "
        "employer, in working time</li></ol>",
        "<p>None of this is new. What is new is the scale, and the speed at which decisions "
        "are taken far from the quay.</p><h2>Further reading</h2><p>The full survey report "
        'and our earlier papers are on <a href="https://harbourside.example/research">the '
        "research page</a>.</p>",
    ],
    SPEECHES: [
        "<blockquote><p>We do not ask for favours. We ask for what the work is worth, and "
        "for everyone to come home safe at the end of the shift.</p></blockquote><p>Friends, "
        "the <strong>strength of this network</strong> has never been in its offices. It is "
        "in every gate meeting, every collection and every message that crosses a border.</p>",
        "<p>Friends, thank you for coming, some of you from very far away.</p><p>A year ago "
        "we set ourselves three tasks: to grow, to win on safety and to stand with every "
        "port in dispute. <em>We have not finished any of them</em>, but we have made a "
        "start on all three.</p>",
    ],
    INTERNATIONAL: [
        "<p>Messages of support can be sent through the network's international secretary. "
        "Donations to the cross-border solidarity fund reach families within a week.</p>",
        "<h2>How to help</h2><ul><li>Pass a motion of support at your branch</li><li>Send "
        "a message or a photo from your workplace</li><li>Give to the solidarity fund</li>"
        "</ul>",
    ],
}
# Articles that end in their own way (those in Polish and Russian in their language).
ENDINGS = {
    "Solidarity from Valparaíso": (
        "<blockquote><p>To our sisters and brothers on the other side of the ocean: the "
        "cargo you refuse to move does not move here either. Your fight is our fight.</p>"
        "<p><em>The port workers of Valparaíso</em></p></blockquote><p>Our reply thanks them "
        "for their donation and invites a delegation to the annual conference.</p>"
    ),
    "International day of action: what happened where": (
        "<ul><li><strong>Gdańsk</strong>: a one-hour stoppage on both container terminals"
        "</li><li><strong>Rotterdam</strong>: a meeting of three hundred on the quay</li>"
        "<li><strong>Santos</strong>: a march to the port authority</li><li><strong>Our "
        "own port</strong>: gate meetings on every shift and a rally at noon</li></ul>"
    ),
    "Agency work at the terminal: questions answered": (
        "<h2>Can I join the union?</h2><p>Yes, from your first day, whoever pays you.</p>"
        "<h2>Do I get the same breaks?</h2><p>Yes. Rest breaks and the limits on working "
        "hours apply to agency workers in full.</p><h2>Who do I ask?</h2><p>Any shop steward, "
        "or the network's office.</p>"
    ),
    "The campaign's demands, in brief": (
        "<ol><li><strong>Safe staffing</strong> on every shift, set with the people who do "
        "the work</li><li><strong>No agency work</strong> at the terminals: permanent jobs "
        "for permanent work</li><li><strong>Crew changes</strong> for every seafarer who has "
        "served their contract</li></ol>"
    ),
    "Bulletin: what's next for the network": (
        "<ul><li>Branch meetings: first Tuesday of the month</li><li>Ferry ballot: opens next "
        "week</li><li>Annual conference: registration open</li></ul>"
    ),
    "Notes for the annual conference programme": (
        "<ul><li>Automation: what agreements have won elsewhere</li><li>Safety reps' "
        "training</li><li>Organising in warehouses</li><li>Seafarers' welfare in port</li>"
        "</ul>"
    ),
    "Solidarność w porcie: gdańscy dokerzy wspierają strajk": (
        "<p>Wiadomości i wpłaty można przesyłać przez sekretariat sieci.</p>"
    ),
    "Dziesięć lat walki o bezpieczne nabrzeże": (
        "<h2>Co dalej</h2><p>Komitet chce, aby każdy nowy pracownik przeszedł szkolenie "
        "<strong>przed pierwszą zmianą</strong>, a nie po niej.</p>"
    ),
    "Солидарность моряков: письмо из Одессы": (
        "<p>Сообщения поддержки можно передать через секретариат сети.</p>"
    ),
    "Голос докеров: итоги собрания": (
        "<h2>Решения собрания</h2><ul><li>Безопасная численность каждой смены</li>"
        "<li>Отказ от заёмного труда на терминалах</li></ul>"
    ),
}
# The articles written in another language than the site's (English), by title.
WRITTEN_IN = {
    "Solidarność w porcie: gdańscy dokerzy wspierają strajk": "pl",
    "Dziesięć lat walki o bezpieczne nabrzeże": "pl",
    "Солидарность моряков: письмо из Одессы": "ru",
    "Голос докеров: итоги собрания": "ru",
}
DEMO_MARKER_SLUG = "dockers-vote-to-defend-the-night-shift"
ARABIC_PICTURE_DESCRIPTION = "لافتة بيضاء فارغة على عمود، أمام خلفية من الخطوط والدوائر الملوّنة"
# The first article in Arabic, as a translation linked to the English original: title,
# slug, standfirst, text.
ARABIC_TRANSLATION = (
    "عمّال الميناء يصوّتون دفاعًا عن الوردية الليلية",
    "dockers-vote-to-defend-the-night-shift-ar",
    "صوّت الأعضاء في محطة الحاويات بأغلبية 412 صوتًا مقابل 9 لرفض خطة الشركة المشغّلة "
    "لإلغاء الوردية الليلية دون أي تشاور.",
    "<p>أُغلق باب الاقتراع مساء الجمعة بعد أسبوع من الاجتماعات عند البوابات في كل وردية. "
    "وبلغت نسبة المشاركة 87 في المئة، وهي الأعلى في تاريخ الفرع.</p>"
    "<p>يقول ممثلو العمّال إن الوردية الليلية ليست مجرد ساعات عمل إضافية، بل هي ما يضمن "
    "أن تُفرَّغ السفن بأمان ودون استعجال. وقد طلب الفرع من الشركة المشغّلة الجلوس إلى طاولة "
    "المفاوضات قبل نهاية الشهر.</p>",
)


def demo_content_exists():
    return Article.objects.filter(slug=DEMO_MARKER_SLUG).exists()


def body_of(index, title, section, opening):
    closing = ENDINGS.get(title)
    if closing is None:
        variants = FOLLOW_UPS[section]
        closing = variants[index % len(variants)]
    return f"<p>{opening}</p>{closing}"


@transaction.atomic
def create_demo_content(now=None):
    """Create the demo sections, authors and articles; returns the number of articles."""
    now = now or timezone.now()
    sections = [
        Section.objects.create(name=name, description=description, order=index)
        for index, (name, description) in enumerate(SECTIONS)
    ]
    authors = []
    for index, (name, bio) in enumerate(AUTHORS):
        photo = demo_image(100 + index, f"Portrait: {name}", credit="Network photo desk")
        authors.append(Author.objects.create(name=name, bio=bio, photo=photo))
    images = [
        (demo_image(seed, title), picture_description(seed), caption)
        for seed, (title, caption) in enumerate(IMAGES)
    ]
    for index, (title, (section, bylines, tags), standfirst, opening) in enumerate(ARTICLES):
        status = Article.Status.PUBLISHED
        publish_at = now - timedelta(days=3 * index + 1, hours=index)
        if index >= len(ARTICLES) - 2:
            status = Article.Status.DRAFT
        elif index >= len(ARTICLES) - 4:
            publish_at = now + timedelta(days=index - len(ARTICLES) + 6)  # scheduled
        image, alt, caption = images[index % len(images)] if index % 5 != 4 else (None, "", "")
        article = Article.objects.create(
            title=title,
            standfirst=standfirst,
            body=body_of(index, title, section, opening),
            language=WRITTEN_IN.get(title) or site_language(),
            section=sections[section],
            status=status,
            publish_at=publish_at,
            is_highlight=index in (0, 3, 7),
            lead_image=image,
            lead_image_alt=alt,
            lead_image_caption=caption,
        )
        for order, author in enumerate(bylines):
            Byline.objects.create(article=article, author=authors[author], order=order)
        article.tags.add(*tags)
    create_arabic_translation(Article.objects.get(slug=DEMO_MARKER_SLUG))
    return len(ARTICLES) + 1


def create_arabic_translation(original):
    title, slug, standfirst, text = ARABIC_TRANSLATION
    translation = Article.objects.create(
        title=title,
        slug=slug,
        standfirst=standfirst,
        body=text,
        language="ar",
        translation_of=original,
        section=original.section,
        status=Article.Status.PUBLISHED,
        publish_at=original.publish_at + timedelta(hours=2),
        lead_image=original.lead_image,
        lead_image_alt=ARABIC_PICTURE_DESCRIPTION if original.lead_image else "",
    )
    for byline in original.bylines.all():
        Byline.objects.create(article=translation, author=byline.author, order=byline.order)
    translation.tags.add(*original.tags.all())
    return translation
