"""What an answer's quotes must state for the question asked: checks on real sentences."""

from retriever.query import detect_answer_type
from retriever.quote_checks import (missing_acronym, missing_counted, missing_definition, missing_holder,
                                    missing_kind, missing_person, missing_place, missing_role,
                                    missing_priced, missing_role_object, missing_shape, missing_source,
                                    missing_which_n, unanswered)


def test_missing_shape_wants_a_number_or_date_the_question_does_not_already_give():
    assert missing_shape("number", "how often is the area checked?", ["checked three times a week"]) is None
    assert missing_shape("number", "how many BCUs have teams?", ["teams on each BCU"]) is None
    assert missing_shape("number", "how much went into the three-year programme?",
                         ["MOPAC invested in a three-year programme"]) == "number"
    assert missing_shape("when", "when was the 2017 board set up?", ["the 2017 board was set up"]) == "date or time"
    assert missing_shape("when", "when does it go live?", ["it goes live in Quarter 3, 2018-19"]) is None
    assert missing_shape("who", "who chairs it?", ["nobody"]) is None


def test_numbers_that_label_rather_than_count_do_not_answer_a_how_many_question():
    for label in ("55 Meeting of the Committee with Boards, 31 January 2017",
                  "Recommendation 2 The Mayor should increase the number of advocates",
                  "6.8 Many of the solutions appear simple",
                  "only a small share of violence is related to gangs.8 As highlighted"):
        assert missing_shape("number", "how many advocates were funded?", [label]) == "number", label
    assert missing_shape("number", "how many cells?", ["from 52 suites with 861 cells in 2011-12"]) is None
    assert missing_shape("number", "how many cases in 2017?", ["and 1,742 in 2017"]) is None


def test_a_percentage_question_wants_a_percentage_or_share():
    assert missing_shape("number", "what percentage cut does the plan target?",
                         ["a small percentage of violence, 12 cases"]) == "percentage or share"
    assert missing_shape("number", "what share of the money comes from government?",
                         ["which provides 76 per cent of our resources"]) is None


def test_missing_role_only_judges_who_leads_chairs_or_heads_questions():
    assert missing_role("who", "who will chair the group?", ["we will convene a group"])
    assert not missing_role("who", "who will chair the group?", ["the group, chaired by the Mayor"])
    assert not missing_role("who", "who provides counselling?", ["we partnered with Optima Health"])
    assert not missing_role("number", "how many chairs?", ["none"])
    assert missing_role("who", "who's the commander in charge of the task force?", ["the task force was set up"])
    assert not missing_role("who", "who is in charge of the task force?", ["Commander Smith is in charge"])


def test_a_rate_is_a_figure_against_a_base():
    cohort = "The reoffending rate for the most violent cohort, as recorded by IOM."
    assert missing_shape("number", "what is the reoffending rate for the violent cohort?", [cohort]) == \
        "percentage or share"
    assert missing_shape("number", "what's the detection rate?", ["a detection rate of 27 per cent"]) is None
    assert missing_shape("number", "what's the crime rate?", ["82 crimes per 1,000 population"]) is None


def test_leading_as_an_adjective_names_no_one_who_leads():
    commission = ("The Mayor will establish a London Drugs Commission comprising independent experts "
                  "and leading figures from the fields of criminal justice and public health.")
    assert missing_role("who", "who will chair the London Drugs Commission?", [commission])
    assert not missing_role("who", "who is leading the review?", ["Baroness Casey is leading the review."])


def test_third_sector_and_first_quarter_are_not_amounts():
    assert missing_shape("number", "how much has MOPAC put into it?",
                         ["interventions from the third sector", "in the first quarter"]) == "number"
    assert missing_shape("number", "what share is reported online?", ["about a third of crime"]) is None


def test_missing_holder_only_judges_who_is_the_title_questions():
    assert missing_holder("who is the Head of Safeguarding?", ["A Head of Safeguarding now leads it."])
    assert not missing_holder("who is the Head of Safeguarding?", ["the Head of Safeguarding, Jane Smith"])
    assert missing_holder("who's the Head of Safeguarding?", ["A Head of Safeguarding now leads it."])
    assert not missing_holder("who's the Head of Safeguarding?", ["the Head of Safeguarding, Jane Smith"])


def test_a_title_or_a_run_on_opener_is_no_holder_beyond_the_names_asked_with():
    asked = "who's the victims' commissioner for london according to linden"
    foreword = "Sophie Linden, Deputy Mayor for Policing and Crime When we published the previous Plan"
    assert missing_holder(asked, [foreword])
    assert not missing_holder(asked, ["Claire Waxman OBE, the Victims' Commissioner for London"])


def test_what_is_measured_must_be_in_a_cited_passage():
    from retriever.quote_checks import missing_measured

    abuse = "In 2017-18, there were 142,722 reports of domestic abuse, 5.9 per cent of adults."
    assert missing_measured("What was the Met's sanction detection rate for domestic abuse?", [abuse])
    assert not missing_measured("What was the Met's sanction detection rate for domestic abuse?",
                                [abuse, "a sanction detection rate of 30 per cent"])
    # half the words are enough, in any form the tokenizer joins ("terror" / "terrorism" aside)
    assert not missing_measured("what's the UK terror threat level?",
                                ["The threat level for terrorism in the UK is currently severe."])
    assert not missing_measured("what is the baseline?", [abuse])  # nothing named to measure
    assert not missing_holder("who signed the letter?", ["nothing named here"])


def test_missing_definition_only_judges_questions_that_ask_for_one():
    assert missing_definition("what is the definition of X?", ["- X, as recorded by the police."])
    assert not missing_definition("how is X defined?", ["X is defined as any discharge of a gun"])
    assert not missing_definition("what is X?", ["- X, as recorded by the police."])


def test_spelling_out_an_acronym_needs_a_quote_that_uses_its_letters():
    intro = "This draft Police and Crime Plan sets out the Mayor's priorities for 2021-2025."
    stride = ("the MPS has published its Strategy for Diversity, Inclusion and Engagement (STRIDE), "
              "which it will work to deliver throughout 2021-25.")
    question = "what does STRIDE stand for in the draft police and crime plan 2021-25?"
    assert missing_acronym(question, [intro]) == "STRIDE"
    assert missing_acronym(question, [stride]) is None
    assert missing_kind("definition", question, [intro]) and not missing_kind("definition", question, [stride])
    assert unanswered("definition", question, [intro]) == "the closest passages do not spell out STRIDE"
    assert missing_acronym("what is the stride programme about?", [intro]) is None  # not asked to spell out


def test_a_glossary_entry_for_the_term_asked_about_defines_it():
    entry = ("Habitual knife carrier \n(HKC) \n\nAny individual that has come up at least twice as a "
             "suspect on CRIS for possession of an offensive weapon")
    assert not missing_definition("how does the Met define a habitual knife carrier?", [entry])
    # another term's entry, a term with no description after it, or no blank line: not defined
    assert missing_definition("how does the Met define a knife crime hotspot?", [entry])
    assert missing_definition("how does the Met define a habitual knife carrier?",
                              ["Habitual knife carrier \n(HKC) \n\nSee below."])
    assert missing_definition("how does the Met define a habitual knife carrier?",
                              [entry.replace("\n\n", " ")])


def test_a_sum_said_of_another_funder_does_not_answer_how_much_the_asked_funder_gave():
    vru = ("- Since its creation the VRU has received £35.4 million of Mayoral funding, and additional "
           "annual allocations from the Home Office.")
    assert missing_source("how much has the Home Office given the VRU each year?", [vru])
    assert not missing_source("how much Mayoral funding has the VRU received?", [vru])
    assert not missing_source("how much funding has the VRU received?", [vru])  # no funder asked
    radios = "We secured £4 million funding from the Home Office to replace 4,500 ageing Airwave radios."
    assert not missing_source("how much did the Home Office give for the radios?", [radios])
    # a sum that names no funder may be the one asked about
    assert not missing_source("how much did the Home Office give?",
                              ["The Home Office gave £2 million, on top of £1 million of Mayoral funding."])


def test_a_money_question_wants_its_sum_in_a_sentence_about_what_it_prices():
    receipts = "The strategy will also help generate circa £479 million of capital receipts."
    assert missing_priced("How much is the MetTrace programme costing?", [receipts])
    assert missing_priced("how much funding does the pilot get?", [receipts])
    radios = "We secured £4 million funding from the Home Office to replace 4,500 ageing Airwave radios."
    assert not missing_priced("what is the cost of the new radios?", [radios])
    assert not missing_priced("how much are they costing?", [receipts])  # "they" is not judged
    assert not missing_priced("how much is the MetTrace programme costing?", ["It is costing a lot."])  # no sum


def test_a_how_many_question_wants_a_number_beside_the_thing_it_counts():
    custody = ("We moved from 52 suites with 861 cells in 2011-12 to 32 suites with 752 cells. "
               "We continue to work with the Independent Custody Visitors who check on the welfare of detainees.")
    assert missing_counted("how many Independent Custody Visitors does MOPAC have?", [custody])
    assert not missing_counted("how many cells are there now?", [custody])
    assert not missing_counted("how many devices did the programme roll out?",
                               ["We completed a mobility programme deploying 30,000 devices."])
    # a date or the question's own number beside the counted word is not a count of it
    assert missing_counted("how many suites were there in 2011-12?", ["The suites of 2011-12 were closed."])
    # a sum of money counts no things; a share can ("11 per cent of crimes are reported online")
    cameras = "use of CCTV cameras would be part of the overall £1m investment into the build."
    assert missing_counted("how many new CCTV cameras is Harrow buying?", [cameras])
    assert not missing_counted("how many crimes get reported online?",
                               ["Online reporting: 11 per cent of crimes are now reported online."])
    # the sentence's other figures, six words or more away, count other things
    estates = ("The refurbishment of 31 local police buildings with 16 full refurbishments and a "
               "further 15 building improvements The creation of local DWO hubs, redecoration of "
               "retained front counters")
    assert missing_counted("how many DWO hubs will be opened?", [estates])
    assert not missing_counted("how many building improvements?", [estates])
    # a flattened table: each label beside its value, on lines of their own
    table = "Focus fly tips\n16\ncreated\nSuspected HMO\n18\nvisited\nLittering FPNS\n45"
    assert not missing_counted("how many suspected HMOs were visited?", [table])


def test_a_follow_up_counting_part_of_the_earlier_count_needs_all_its_words_beside_a_number():
    calls = ("In 2017-18 MetCC, our contact centre, received more than 2.1 million 999 calls and "
             "2.7 million 101 calls.")
    assert missing_counted("how many of them were hoax calls?", [calls])  # "calls" alone is not enough
    assert not missing_counted("and how many of those were 101 calls?", [calls])
    # where they came from is not a kind of thing counted: left to the other checks
    assert not missing_counted("how many of those were from the terror attacks?", [calls])


def test_a_count_of_people_or_of_a_word_the_question_does_not_name_is_not_judged():
    assert not missing_counted("how many people took part in the workshops?",
                               ["36 online workshops, events and meetings with a total of 820 participants"])
    assert not missing_counted("how many of the 2,726 surveyed were under 25?", ["we surveyed 2,726 Londoners"])
    assert not missing_counted("what is the baseline?", ["Baseline is 21 per month."])


def test_which_borough_wants_a_name_the_question_does_not_already_give():
    assert missing_place("which borough is MOPAC's Young Adults Hub pilot running in?",
                         ["- MOPAC is piloting a Young Adults Hub to reduce reoffending."]) == "borough"
    assert missing_place("which borough is the pilot running in?",
                         ["The pilot is running in Lambeth."]) is None
    assert missing_place("who runs the pilot?", ["- MOPAC is piloting it."]) is None
    # a capitalised word that is no borough does not answer "which borough(s)?"
    assert missing_place("which boroughs hosted the consultation workshops?",
                         ["We undertook 36 online workshops with Talk London."]) == "boroughs"
    assert missing_place("which boroughs were in the pilots?",
                         ["Camden and Islington, and Barking and Dagenham"]) is None
    assert missing_place("which borough besides Harrow is in the BCU?",
                         ["Harrow is in the North West BCU."]) == "borough"  # asked, not answered


def test_the_borough_a_team_or_a_bulleted_opening_word_names_no_place():
    hotspots = ("• Identifying the top twenty fly tips for the Borough using data from officers within "
                "the L&E team.")
    assert missing_place("which wards are the top twenty fly-tip hotspots?", [hotspots]) == "wards"
    assert missing_place("which wards are the hotspots?",
                         ["• Identifying hotspots in the Borough: Wealdstone and Edgware."]) is None


def test_unanswered_gives_the_first_missing_thing_as_a_reason():
    assert unanswered("money", "how much is the course costing?", ["We are introducing a course."]) == \
        "the closest passages state no amount of money"
    assert unanswered("money", "how much is the course costing?", ["The course costs £2m."]) is None
    assert unanswered("number", "how many Safer Neighbourhood Bases will close?",
                      ["the reduction of MetCC locations from three to two"]) == \
        "the closest passages count something else"
    assert unanswered("other", "which ward is it in?", ["it is in the ward"]) == \
        "the closest passages name no ward for this"
    assert unanswered("number", "how many devices?", ["deploying 30,000 devices"]) is None


def test_missing_kind_covers_number_date_role_and_definition_but_not_the_narrower_checks():
    assert missing_kind("number", "how many devices?", ["we deployed devices"])
    assert missing_kind("when", "when does it go live?", ["it will go live"])
    assert not missing_kind("number", "how many Visitors?", ["there are 52 suites"])  # a count, of something else
    assert not missing_kind("other", "which borough is it in?", ["it is in a borough"])


def test_a_glossary_alias_of_the_counted_words_counts_them():
    quote = ["The Met VPC has seen a rapid expansion in numbers to over 5,000."]
    assert missing_counted("how many volunteer police cadets are there?", quote)
    assert not missing_counted("how many volunteer police cadets are there?", quote, aliases=("vpc",))


def test_a_year_that_belongs_to_a_name_does_not_answer_a_when_question():
    for named in ("The Police Reform and Social Responsibility Act 2011 established the PCCs.",
                  "This will build on Lord Harris' 2016 Review.",
                  "Through the previous Police and Crime Plan for 2017-21, the Mayor appointed her."):
        assert missing_shape("when", "when was it published?", [named]) == "date or time", named
    for dated in ("In March 2017, there were 1,359 thefts.", "In 2020 London had fewer.",
                  "The strategy is due in Spring 2022.", "It goes live in Quarter 3, 2018-19.",
                  "by the end of 2021 the review will report"):
        assert missing_shape("when", "when was it published?", [dated]) is None, dated


def test_a_question_asking_for_a_persons_name_needs_a_name_not_a_title():
    title = ("The Chair welcomed the Borough Commander, North West Basic Command Unit, who was present "
             "at the meeting, together with her two colleagues.")
    assert missing_person("what's the name of the north west BCU borough commander?", [title])
    assert missing_person("and the borough commander who came - name?", [title])
    assert missing_person("who's in charge of it - name", ["a dedicated Violent Crime Task Force (VCTF)"])
    for named in ("Chair: Councillor Sachin Shah", "Claire Waxman OBE, the Victims' Commissioner for London",
                  "Sophie Linden, Deputy Mayor for Policing and Crime",
                  "the former Commissioner Sir Bernard Hogan-Howe has said"):
        assert not missing_person("what's the name of the commissioner?", [named]), named
    # a body's name, or a question that does not ask for a name, is not judged here
    assert not missing_person("what is the name of the new forum?", ["a new London Drugs Forum"])
    assert not missing_person("who is the borough commander?", [title])


def test_who_leads_x_wants_a_sentence_naming_a_lead_of_x():
    group = "Progress is reported through our Performance Group, chaired by the Deputy Commissioner."
    assert missing_role_object("who", "who is the met's head of HR?", [group])
    assert not missing_role_object("who", "who chairs the performance group?", [group])
    board = ("Progress is scrutinised at MOPAC's Oversight Board which meets quarterly. The Commissioner "
             "is overseen by MOPAC led by the Deputy Mayor for Policing and Crime.")
    assert missing_role_object("who", "who chairs MOPAC's Oversight Board that scrutinises the plan?", [board])
    # a name in full is one object ("police and crime committee"); an alias of it counts
    hall = "Susan Hall AM Chair of the Police and Crime Committee"
    assert not missing_role_object("who", "who chairs the assembly's police and crime committee?", [hall])
    assert not missing_role_object("who", "who leads the violence reduction unit?",
                                   ["The VRU is led by Lib Peck."], aliases=("vru",))
    assert not missing_role_object("number", "how many teams does the head of HR lead?", [group])


def test_which_n_things_wants_them_named_not_counted_again():
    divert = "we will roll-out the DIVERT programme to three additional custody suites. By Quarter 4, 2018-19"
    assert missing_which_n("which three custody suites are getting DIVERT next?", [divert]) == "three"
    bases = "operational from four bases across north south east and west London."
    assert missing_which_n("where exactly are the four VCTF bases?", [bases]) == "four"
    hotspots = "Identifying the top twenty fly tips for the Borough using data on reported fly tips"
    assert missing_which_n("which 20 fly tip hotspots did harrow pick?", [hotspots]) == "20"
    # named right after the count: answered
    assert missing_which_n("which two boroughs merged first?",
                           ["pilots of two boroughs: Camden and Islington"]) is None
    assert missing_which_n("which boroughs merged first?", ["pilots of two boroughs"]) is None
    # a count in words or digits either way, past twenty too
    assert missing_which_n("which thirty wards are covered?", ["the 30 wards of the borough."]) == "thirty"
    assert missing_which_n("which 3 suites get DIVERT?", ["DIVERT goes to three more suites."]) == "3"
    # a list after the count names them, capitalised or not
    hate = "Our approach to hate crime will focus on three things, prevention, supporting victims and oversight"
    assert missing_which_n("hate crime: MOPAC will focus on which three things?", [hate]) is None
    assert missing_which_n("which three custody suites?",
                           ["DIVERT goes to three custody suites, with funding from MOPAC and others."]) == "three"


def test_how_long_is_answered_by_a_length_of_time_and_how_often_by_a_frequency():
    released = "funding will normally be released within 21 days."
    assert missing_shape("when", "how long until the grant money is paid?", [released]) is None
    assert missing_shape("when", "how long is the programme?", ["a three-year Rescue and Response programme"]) is None
    assert missing_shape("when", "how long will it run?", ["The project runs to March 2019."]) is None
    triaged = "each report is triaged within 45 minutes, with a response within 48 hours."
    for question in ("how fast do they respond?", "how quickly is a report triaged?",
                     "how soon do they reply?"):
        assert detect_answer_type(question) == "when"
        assert missing_shape("when", question, [triaged]) is None
        assert missing_shape("when", question, ["we introduced online reporting"]) == "date or time"
    # a length of time does not say when something happens
    assert missing_shape("when", "when is the grant money paid?", [released]) == "date or time"
    assert missing_shape("when", "how long is the programme?", ["the programme helps young people"]) == "date or time"
    for often in ("Oversight Board which meets quarterly.", "an annual review of the finances",
                  "met with the Chief Executive on a monthly basis", "checked three times a week"):
        assert missing_shape("number", "how often does it meet?", [often]) is None, often
    assert missing_shape("number", "how often does it meet?", ["the board scrutinises delivery"]) == "number"
    assert missing_shape("number", "how many boards are there?", ["it meets quarterly"]) == "number"
