"""The broad vocabulary (O*NET + ESCO) behind the built-in taxonomy: lookup, matching, output."""

from __future__ import annotations

import json
import pickle

import pytest

from skillgap import Document, analyze, find_mentions, load_taxonomy, role_from_job_description
from skillgap.batch._io import COLUMNS, summarize
from skillgap.errors import UnknownSkillError
from skillgap.score.screen import ScreenProfile, screen_analysis


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def _found(tax, text: str, kind: str = "resume") -> dict[str, str]:
    ex = find_mentions(Document.from_text(text, kind=kind), tax)
    return {m.text: m.skill_id for m in ex.mentions}


def test_lookup_sap_says_where_it_comes_from(tax):
    sap = tax.lookup("SAP")
    assert sap.id == "onet:sap-software"
    assert sap.origin == "onet" and sap.onet == ["SAP software"] and sap.technical
    assert tax.category(sap.category).label.startswith("Enterprise resource planning")
    assert not tax.owns(sap.id) and tax.get(sap.id) is sap


def test_guide_skills_carry_their_identifiers_and_stay_one_skill(tax):
    py = tax.lookup("Python")
    assert py.id == "python" and py.origin == "guide" and py.onet == ["Python"]
    assert py.esco and py.esco[0].startswith("http://data.europa.eu/esco/skill/")
    assert tax.lookup("MS-Excel").id == "excel"  # an extra name from guide_links
    assert len(tax.skills) == 285  # the vocabulary is not in the scoring taxonomy


def test_content_hash_unchanged_by_the_vocabulary(tax):
    assert tax.content_hash == load_taxonomy(vocabulary=False).content_hash


def test_user_taxonomy_gets_no_vocabulary_unless_asked(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("skills:\n- {id: widgets, label: Widgets, category: tools}\n")
    plain = load_taxonomy(path)
    assert plain.vocabulary is None and plain.get("onet:sap-software") is None
    with_vocab = load_taxonomy(path, vocabulary=True)
    assert with_vocab.lookup("SAP").id == "onet:sap-software"
    assert _found(with_vocab, "Skills\nWidgets, SAP") == {"Widgets": "widgets",
                                                          "SAP": "onet:sap-software"}
    # the vendor rule reaches a user's taxonomy too: "Microsoft Word" is the product
    assert _found(with_vocab, "Summary\nWrote specs in Microsoft Word.") == {
        "Microsoft Word": "onet:microsoft-word"}


def test_excel_in_a_skills_list_but_not_excel_at_communication(tax):
    found = _found(tax, "Skills\nMS-Excel, Word, PowerPoint, SAP")
    assert found["MS-Excel"] == "excel"
    assert found["Word"] == "onet:microsoft-word"
    assert found["SAP"] == "onet:sap-software"
    assert _found(tax, "Skills\nExcel, Word, Outlook")["Excel"] == "excel"
    assert _found(tax, "Summary\nI excel at communication and always keep my word.") == {}


def test_word_in_prose_is_not_a_tool(tax):
    text = "Summary\nWord of mouth brought most clients. In a word, I am a Project person."
    assert _found(tax, text) == {}


def test_soft_skill_sentences_give_no_tools(tax):
    sentences = [
        "I am a loyal, experienced dental nurse with 15 years in specialist private practice",
        "Excellent planning and organisational skills, a good team player",
        "Project Leadership: promote good practice and mentor the team",
        "Strong communication skills; I work well under pressure and meet deadlines",
    ]
    for s in sentences:
        found = _found(tax, s, kind="text")
        assert all(not tax.get(sid).technical for sid in found.values()), (s, found)
    # the soft skills they claim are found, as professional skills (December 2026)
    assert set(_found(tax, sentences[1], kind="text").values()) >= {
        "esco:work-in-an-organised-manner", "esco:work-in-teams"}
    assert _found(tax, sentences[3], kind="text").get("communication skills") \
        == "esco:communication"


def test_names_in_addresses_are_not_skills(tax):
    assert "gmail" not in {v for v in _found(tax, "Contact: jane.doe@gmail.com").values()}
    assert _found(tax, "Profile: linkedin.com/in/jane") == {}


def test_longest_name_wins_across_taxonomy_and_vocabulary(tax):
    found = _found(tax, "Skills\nC#, Java")
    assert found.get("C#") == "onet:c-sharp" and "C" not in found


def test_analysis_reports_other_skills_with_exact_evidence(tax):
    text = "Skills\nSAP, Salesforce, Python\nExperience\n- Built reports in SAP for finance"
    doc = Document.from_text(text)
    a = analyze(doc, role="data-scientist", embeddings=False)
    assert "python" in {s.skill_id for s in a.skills}
    other = {s.skill_id: s for s in a.other_skills}
    assert set(other) >= {"onet:sap-software", "onet:salesforce-software"}
    assert not any(s.skill_id.startswith(("onet:", "esco:", "skillgap:")) for s in a.skills)
    sap = other["onet:sap-software"]
    assert sap.origin == "onet" and sap.category_label.startswith("Enterprise resource")
    for ev in sap.evidence:
        assert doc.text[ev.start:ev.end] == ev.text == "SAP"
    assert a.skill("onet:sap-software") is sap
    data = json.loads(a.to_json())
    assert {o["skill_id"] for o in data["other_skills"]} >= {"onet:sap-software"}
    md = a.to_markdown()
    assert "## Other skills" in md and "### Enterprise resource planning ERP software" in md
    assert "**SAP**" in md
    html = a.to_html()
    assert 'id="other-skills"' in html and "SAP software" in html and "<mark>SAP</mark>" in html


def test_partial_credit_through_broader_from_a_vocabulary_skill(tax):
    assert tax.ancestors("onet:microstrategy") == {"data-visualisation": 1}
    a = analyze(Document.from_text("Experience\n- Built MicroStrategy reports for sales"),
                role="data-scientist", embeddings=False)
    fit = a.role("data-scientist")
    vis = [m for m in fit.matched if m.skill_id == "data-visualisation"]
    assert vis and vis[0].via == "onet:microstrategy" and 0 < vis[0].credit < 0.5


def test_job_ad_keeps_vocabulary_skills_and_scores_them(tax):
    ad = Document.from_text("Data Analyst\nRequirements\n- Tableau and Salesforce\n- SQL",
                            kind="job-description")
    role = role_from_job_description(ad)
    assert {"tableau", "onet:salesforce-software", "sql"} <= set(role.skills.required)
    tax.with_roles([role])  # validation accepts vocabulary ids
    with_tools = analyze(Document.from_text("Experience\n- Tableau dashboards on Salesforce data"),
                         role=role, embeddings=False).role(role.id)
    without = analyze(Document.from_text("Experience\n- Tableau dashboards"),
                      role=role, embeddings=False).role(role.id)
    assert "onet:salesforce-software" in {m.skill_id for m in with_tools.matched}
    assert with_tools.score > without.score


def test_screen_must_have_sap(tax):
    role = tax.role("data-scientist")
    profile = ScreenProfile(must_have=["SAP"])
    has = analyze(Document.from_text("Skills\nSAP, Python"), role=role, embeddings=False)
    lacks = analyze(Document.from_text("Skills\nPython"), role=role, embeddings=False)
    r1 = screen_analysis(has, role=role, profile=profile, taxonomy=tax)
    r2 = screen_analysis(lacks, role=role, profile=profile, taxonomy=tax)
    assert r1.must_haves[0].skill_id == "onet:sap-software" and r1.must_haves[0].met
    assert not r2.must_haves[0].met and not r2.shortlisted


def test_batch_row_has_other_skills_column(tax):
    from skillgap.batch import BatchResult

    a = analyze(Document.from_text("Skills\nSAP, Python"), role="data-scientist", embeddings=False)
    res = BatchResult(candidate_id="c1", sources=["c1.txt"], analysis=a, errors=[], seconds=0.0)
    row = summarize(res, role_id="data-scientist")
    assert "other_skills" in COLUMNS and row["other_skills"] == "SAP software"


def test_batch_row_lists_professional_skills_apart(tax):
    from skillgap.batch import BatchResult
    from skillgap.batch._io import render_rows

    a = analyze(Document.from_text("Skills\nSAP, Python, Customer Service, Market Research"),
                role="data-scientist", embeddings=False)
    res = BatchResult(candidate_id="c1", sources=["c1.txt"], analysis=a, errors=[], seconds=0.0)
    row = summarize(res, role_id="data-scientist")
    assert row["other_skills"] == "SAP software"  # tools only
    assert set(row["professional_skills"].split(";")) == {"customer service", "market research"}
    assert COLUMNS.index("professional_skills") == COLUMNS.index("other_skills") + 1
    csv_text = render_rows([{"rank": 1, **row}], "csv").decode()
    assert "professional_skills" in csv_text.splitlines()[0] and "customer service" in csv_text


def test_taxonomy_with_vocabulary_pickles_as_a_reference(tax):
    again = pickle.loads(pickle.dumps(tax))
    assert again.vocabulary is tax.vocabulary  # the process's one copy
    assert again.lookup("SAP").id == "onet:sap-software"


def test_gcp_is_the_cloud_only_where_the_text_speaks_of_clouds(tax):
    clinical = "Promote Good Clinical Practice (GCP) in the conduct of clinical studies"
    ex = find_mentions(Document.from_text(clinical), tax)
    assert not ex.mentions and [(i.text, i.reason) for i in ex.ignored] == [("GCP", "ambiguous")]
    assert _found(tax, "Deployed models on GCP with Vertex AI")["GCP"] == "gcp"
    assert _found(tax, "Skills\nPython, SQL, GCP")["GCP"] == "gcp"  # a list of tools


def test_a_vocabulary_word_that_labels_what_follows_is_no_tool(tax):
    text = "Environment: Java, J2EE, Oracle, Tomcat.  Email: jane@x.io  Project: Billing"
    found = _found(tax, text)
    assert "Environment" not in found and "Email" not in found and "Project" not in found
    assert found["Java"] == "java"
    # a one-letter vocabulary name in a list of names is an initial ("Oxendine J, Flores RC")
    assert "J" not in _found(tax, "Seidman RL, Oxendine J, Flores RC, Python, SQL")


def test_versions_in_lookup_and_in_text(tax):
    assert tax.lookup("SQL Server 2000").id == tax.lookup("SQL Server").id
    assert tax.lookup("Java 1.8").id == "java" and tax.lookup("Python3").id == "python"
    assert tax.lookup("HTML5").id == tax.lookup("HTML").id
    found = _found(tax, "Skills\nHTML5, CSS3, PHP5, MP3")
    assert found["HTML5"] == tax.lookup("HTML").id and found["PHP5"] == tax.lookup("PHP").id
    assert "MP3" not in found


def test_names_from_the_build_rules(tax):
    assert tax.lookup(".NET").id == "onet:microsoft-dot-net-framework"
    assert tax.lookup("Hibernate").id == "onet:hibernate-orm"
    assert tax.lookup("QlikView").id == "onet:qlik-tech-qlikview"
    assert tax.lookup("SVN").id == "onet:apache-subversion-svn"
    assert _found(tax, "Skills\nC#, .NET, ASP.NET")[".NET"] == "onet:microsoft-dot-net-framework"


def test_co_mentions_counted_in_a_flattened_document(tax):
    """A document without line breaks: every mention of one long run counts its neighbours."""
    filler = "Volunteer work for the city library and the local school board in 2004.  " * 8
    text = filler + "Computer Skills: Windows, Microsoft Word, Excel, PowerPoint, Dreamweaver"
    found = _found(tax, text)
    assert found["Windows"] == "onet:microsoft-windows"
    assert found["Microsoft Word"] == "onet:microsoft-word"


def test_spellings_and_bracketed_abbreviations_from_the_build_rules(tax):
    assert tax.lookup("IIS").id == tax.lookup("Microsoft Internet Information Services").id
    assert tax.lookup("Java Script").id == "javascript"
    assert tax.lookup("Power Point").id == tax.lookup("PowerPoint").id
    assert tax.lookup("PL-SQL").id == tax.lookup("Oracle PL/SQL").id
    found = _found(tax, "Experience\nBuilt sites on IIS with Java Script; slides in Power Point.")
    assert found == {"IIS": tax.lookup("IIS").id, "Java Script": "javascript",
                     "Power Point": tax.lookup("PowerPoint").id}


def test_a_name_after_its_vendor_is_the_product_in_prose(tax):
    """"Microsoft Word" and "MS Office" are made of common words, but the vendor says which."""
    found = _found(tax, "Summary\nComputer skills: Microsoft Word and MS Office, good typing.")
    assert found["Microsoft Word"] == "onet:microsoft-word"
    assert found["MS Office"] == "onet:microsoft-office-software"
    assert _found(tax, "Summary\nI keep my word and work well in an office.") == {}


def test_curated_supplement_names_are_found_with_their_origin() -> None:
    """Technologies neither O*NET nor ESCO lists (TCP/IP, WCF) and short forms of ones they list
    under a vendor's long name (TFS, SPSS) are found, and say where they come from."""
    text = "Skills\nTCP/IP, WCF, TFS, SPSS\nExperience\n- Built WCF services over TCP/IP"
    doc = Document.from_text(text)
    a = analyze(doc, role="data-scientist", embeddings=False)
    other = {s.skill_id: s for s in a.other_skills}
    assert {"skillgap:tcp-ip", "skillgap:wcf", "onet:microsoft-team-foundation-server",
            "onet:ibm-spss-statistics"} <= set(other)
    assert other["skillgap:tcp-ip"].origin == "skillgap"
    assert other["onet:ibm-spss-statistics"].origin == "onet"
    assert [e.text for e in other["skillgap:wcf"].evidence][:1] == ["WCF"]


def test_professional_skills_in_a_skills_list_but_not_as_the_work_around_them(tax):
    """The supplement's professional skills (market research, customer service) resolve and say
    they are not technical; a skills list claims them, a sentence naming a team does not."""
    research = tax.lookup("Market Research")
    assert research.id == "esco:market-research" and research.origin == "esco"
    assert not research.technical
    assert tax.lookup("SEO").id == "esco:search-engine-optimisation"
    found = _found(tax, "Skills\nMarket Research, Customer Service, SEO, Python")
    assert found == {"Market Research": "esco:market-research",
                     "Customer Service": "esco:customer-service",
                     "SEO": "esco:search-engine-optimisation", "Python": "python"}
    prose = "Experience\nWorked with the product development teams and the customer service desk."
    assert _found(tax, prose) == {}


def test_names_fixed_in_the_fourth_pass(tax):
    assert tax.lookup("VB Script").id == tax.lookup("VBScript").id == "esco:vbscript"
    assert tax.lookup("Windows 2003 Server").id == "onet:microsoft-windows-server"
    assert tax.lookup("WinCE").id == tax.lookup("Windows CE").id == tax.lookup("Win CE").id
    assert tax.lookup("IOS XE").id == "onet:cisco-ios"


def test_a_niche_product_named_by_an_english_word_is_the_word(tax):
    # O*NET lists products called "Analyze", "FIRST", "Works" (one occupation each): the
    # words, not the products, in a resume
    found = _found(tax, "Network Engineer\nAnalyze and maintain the IT infrastructure: Cisco "
                        "routers, VMware, Windows Server, Microsoft Works")
    assert "Analyze" not in found and found.get("Microsoft Works") == "onet:microsoft-works"
    assert "Works" not in _found(tax, "Skills\nSplunk, Nagios, Works, Jira")
    for name in ("Analyze", "FIRST", "Cents"):
        with pytest.raises(UnknownSkillError):
            tax.lookup(name)


def test_a_reviewed_row_may_give_a_generic_word(tax):
    # "programming" is a word the build's rules never make a name of ("Oracle Programming"
    # minus the vendor), but the curated row gives it: in a skills list it is the skill
    assert tax.lookup("Programming").id == "esco:computer-programming"
    assert _found(tax, "Skills: Programming, Networking, Linux").get("Programming") \
        == "esco:computer-programming"
    assert "Programming" not in _found(tax, "Programming: Python, Java")  # a list's heading


def test_certifications_are_read_as_the_skill_they_attest(tax):
    found = _found(tax, "Certifications\nCCNA, MCSA, CISSP, PMP, CKA, RHCE")
    assert found == {"CCNA": "esco:cisco", "MCSA": "onet:microsoft-windows-server",
                     "CISSP": "esco:cyber-security", "PMP": "esco:project-management",
                     "CKA": "kubernetes", "RHCE": "onet:red-hat-enterprise-linux"}
    # a short form with another meaning needs the context: a Customer Success Manager is no
    # Certified ScrumMaster
    assert "CSM" not in _found(tax, "Promoted to CSM after two years in customer support.")


def test_technology_acronyms_are_found_in_any_case_but_words_are_not(tax):
    found = _found(tax, "Skills: html, css, php, xml, Php, Xml")
    assert {found.get("html"), found.get("Php"), found.get("xml")} == {
        "onet:hypertext-markup-language-html", "onet:php", "onet:extensible-markup-language-xml"}
    # acronyms that are words, surnames or other exams stay as written
    for text in ("Soap, towels and a raid on the pantry.", "Met Mr Seo and Ms Jee in Seoul."):
        assert _found(tax, text) == {}, text


def test_names_fixed_in_the_fifth_pass(tax):
    assert tax.lookup("VB").id == tax.lookup("VB6").id == "onet:microsoft-visual-basic"
    assert tax.lookup("Application Programming").id == "esco:computer-programming"
    assert tax.lookup("PRINCE2").id == "esco:project-management"
    assert tax.lookup("Site Acceptance Testing").id == "esco:project-commissioning"
    for name in ("GARP", "Technical Analysis", "quality checks"):
        with pytest.raises(UnknownSkillError):
            tax.lookup(name)


def test_names_of_the_sixth_pass(tax):
    # generic concepts written as plain nouns, aliased to the closest existing skill
    assert tax.lookup("Databases").id == tax.lookup("Database").id == "esco:use-databases"
    assert tax.lookup("Web Services").id == tax.lookup("APIs").id == "rest-apis"  # not "APIS"
    assert tax.lookup("Artificial Intelligence").id == "esco:principles-of-artificial-intelligence"
    assert tax.lookup("Singleton Pattern").id == tax.lookup("Design Patterns").id \
        == "software-engineering"
    assert tax.lookup("Use Case Diagrams").id == "onet:unified-modeling-language-uml"
    assert tax.lookup("Microcontrollers").id == "esco:embedded-systems"
    # practices ESCO names as verb phrases, as professional (non-technical) skills
    negotiation = tax.lookup("Contract Negotiation")
    assert negotiation.id == "esco:manage-contracts" and not negotiation.technical
    assert tax.lookup("Event Management").id == "esco:carry-out-event-management"  # not software
    # product names spaced or joined another way
    assert tax.lookup("Mat Lab").id == "matlab"
    assert tax.lookup("AngularJS").id == tax.lookup("Angular JS").id == "onet:google-angular"


def test_sixth_pass_words_need_their_case_or_a_list(tax):
    found = _found(tax, "Skills: Python, Databases, Social Media, Mat Lab, Sales Force, APIs")
    assert found == {"Python": "python", "Databases": "esco:use-databases",
                     "Social Media": "esco:social-media-marketing-techniques",
                     "Mat Lab": "matlab", "Sales Force": "onet:salesforce-software",
                     "APIs": "rest-apis"}
    # "Mat Lab" is cased (two English words): not in lower case; ambiguous words not in lower case
    assert _found(tax, "Skills: Python, mat lab, Excel, databases, social media") == {
        "Python": "python", "Excel": "excel"}
    # nor in a sentence that uses them as words
    assert _found(tax, "Summary\nI am active on social media and our Sales Force has 20 people.") \
        == {}


def test_engineering_knowledge_is_found_but_not_as_a_technology(tax):
    """ESCO's knowledge of the sciences and engineering is in the default vocabulary: a
    mechanical engineer's subjects resolve and are found in a skills list; a law is not."""
    skill = tax.lookup("thermodynamics")
    assert skill is not None and skill.origin == "esco" and not skill.technical
    found = _found(tax, "Skills: Fluid mechanics, Mechanical engineering, AutoCAD")
    assert found.get("Fluid mechanics") == tax.lookup("fluid mechanics").id == "esco:fluid-mechanics"
    assert "Mechanical engineering" in found and "AutoCAD" in found
    assert "Air transport law" not in _found(tax, "Skills: Air transport law, AutoCAD")


def test_names_of_the_eighth_pass(tax):
    """CI is continuous integration (not the one product "Jenkins CI" it was cut from); Mac,
    Apache and Shell are the tools in a list of tools, the words elsewhere; a spelling that is
    an English word ("webmaster", run together from a product's "Web Master") is the word."""
    assert tax.lookup("CI").id == "ci-cd"
    assert tax.lookup("Jenkins CI").id == "onet:jenkins-ci"
    assert tax.lookup("Macintosh").id == tax.lookup("Mac").id == "onet:apple-macos"
    assert tax.lookup("Apache").id == "onet:apache-http-server"
    assert tax.lookup("CAD").id == tax.lookup("CAD software").id == "esco:cad-software"
    assert _found(tax, "Skills: CAD, SolidWorks").get("CAD") == "esco:cad-software"
    assert "cad" not in _found(tax, "Skills: SolidWorks, MATLAB. He was a cad, said the team.")
    found = _found(tax, "Skills\nMac, Windows, Linux, Apache, Tomcat, Shell, Perl, CI")
    assert found.get("Mac") == "onet:apple-macos" and found.get("Apache") \
        == "onet:apache-http-server" and found.get("Shell") == "bash" and found.get("CI") == "ci-cd"
    prose = _found(tax, "Experience\nWorked for Shell as a webmaster near the Apache trail.")
    assert not {"Shell", "webmaster", "Apache"} & set(prose)


@pytest.mark.parametrize("name", [
    # issue 14's own list of tools a resume names
    "SAP", "Oracle", "Windows", "Splunk", "XML", "Blue Prism", "PowerPoint", "Eclipse", "HTML",
    "QTP", "AutoCAD", "Selenium", "C#", ".NET", "JIRA", "ITIL", "Salesforce", "Tableau",
    # the ninth curated pass: RPA, cloud tools, frameworks, laboratory techniques
    "UiPath", "Automation Anywhere", "Kendo UI", "AutoIt", "Western blot", "ELISA", "qPCR",
])
def test_every_tool_the_issue_names_resolves(tax, name):
    assert tax.lookup(name).technical or tax.lookup(name).origin == "skillgap"


def test_ninth_pass_names_are_found_in_a_skills_list_but_not_places(tax):
    found = _found(tax, "Skills\nBlue Prism, UiPath, Kendo UI, Western blot\n")
    assert set(found) == {"Blue Prism", "UiPath", "Kendo UI", "Western blot"}
    assert found["Blue Prism"] == tax.lookup("Blue Prism").id
    # a city beside a state is an address, whatever product shares its name
    assert _found(tax, "Acme Corp, Phoenix, AZ\nHewlett-Packard, Palo Alto, California\n") == {}


def test_a_web_address_that_lost_its_colon_is_no_protocol(tax):
    found = _found(tax, "Apps\niOS http //apple.co/1F1EGRp\nSkills: HTTP, REST")
    assert [t for t, s in found.items() if s == tax.lookup("HTTP").id] == ["HTTP"]


def test_a_malaysian_company_form_is_no_software_defined_networking(tax):
    assert _found(tax, "Software Developer, Ranhill Sdn Bhd, Malaysia") == {}
    assert _found(tax, "Skills: SDN, OpenFlow")["SDN"] == tax.lookup("software-defined networking").id


def test_a_common_word_for_a_guide_skill_counts_only_beside_its_cue_words(tax):
    methods = _found(tax, "Machine Learning: Classification, Regression, Clustering")
    assert methods["Regression"] == "regression"
    # bullets part a line's items: the cue words stand on its line
    assert _found(tax, "Skills\n- Classification · Regression · Clustering\n")["Regression"] \
        == "regression"
    # a kind of software testing, in a list of tools all the same: not the ML skill
    assert "Regression" not in _found(tax, "QA: Regression, Smoke, Sanity testing, Selenium")
    assert "Regression" not in _found(tax, "Performed Regression and smoke testing for releases")
    # the skill's own names need no cue
    assert _found(tax, "Built regression models in Python")["regression models"] == "regression"


@pytest.mark.parametrize("written", ["ThreeJS", "threejs", "Three JS"])
def test_a_js_library_run_together_with_its_suffix(tax, written):
    assert tax.lookup(written).id == tax.lookup("Three.js").id


def test_laboratory_techniques_in_a_skills_list(tax):
    text = ("SKILLS\nBiology Techniques: in situ hybridization, DNA Ligation, Miniprep\n"
            "Chemistry Techniques: Centrifugation, Microfluidics\nDocs: MkDocs, PyMuPDF\n")
    found = _found(tax, text)
    for name in ("in situ hybridization", "Miniprep", "Centrifugation", "Microfluidics",
                 "MkDocs", "PyMuPDF"):
        assert found.get(name) == tax.lookup(name).id, name
    # the abbreviation of fluorescence in situ hybridisation only in capitals
    assert _found(tax, "Hobbies: fish keeping and hiking") == {}


def test_tenth_pass_generic_names_count_in_a_skills_list_not_in_prose(tax):
    found = _found(tax, "Skills\nRouting, Switching, Backup, Web Server, Bug Fixing\n")
    assert set(found) == {"Routing", "Switching", "Backup", "Web Server", "Bug Fixing"}
    assert found["Routing"] == tax.lookup("ICT network routing").id
    # the same words as the work of a sentence are no skills
    assert _found(tax, "Handled the routing of calls and the backup of the office.") == {}


def test_nlp_tasks_are_the_guide_skills_and_pos_is_no_shop_till(tax):
    found = _found(tax, "Skills: NER, POS tagging, dependency parsing, text summarization")
    assert found == {"NER": "named-entity-recognition", "POS tagging": "nlp",
                     "dependency parsing": "nlp", "text summarization": "nlp"}
    # bare POS beside NLP names is not point-of-sale software; "POS systems" still is
    assert "POS" not in _found(tax, "Skills: NER, POS, parsing, Python")
    assert tax.lookup("POS systems").label.lower().startswith("point of sale")
    assert _found(tax, "Issues stemming from bad data were fixed.") == {}


@pytest.mark.parametrize(("written", "skill_id", "vendor_product"), [
    ("Office Management", "esco:office-administration", "onet:lucero-system-office-management"),
    ("Records Management", "esco:carry-out-records-management",
     "onet:spillman-technologies-records-management"),
    ("Point of Sale", "onet:point-of-sale-pos-software", "onet:asi-point-of-sale"),
])
def test_a_generic_name_is_not_one_vendors_product(tax, written, skill_id, vendor_product):
    assert tax.lookup(written).id == skill_id
    assert tax.lookup(tax.get(vendor_product).label).id == vendor_product  # still by its full name


@pytest.mark.parametrize(("written", "skill_id"), [
    ("OCaml", "skillgap:ocaml"), ("Tcl", "skillgap:tcl"), ("Object Pascal", "skillgap:object-pascal"),
    ("FACS", "esco:carry-out-flow-cytometry"),  # cell sorting; the O*NET product keeps its name
    ("Ontario Systems FACS", "onet:ontario-systems-facs"),
])
def test_languages_have_skills_of_their_own_and_facs_is_cell_sorting(tax, written, skill_id):
    assert tax.lookup(written).id == skill_id


@pytest.mark.parametrize(("written", "product"), [
    ("Regulatory Reporting", "onet:metricstream-regulatory-reporting"),
    ("Training Partner", "onet:geometrix-data-systems-training-partner"),
    ("Property Manager", "onet:bostonpost-technology-property-manager"),
    ("Systems Patient Chart Tracking", "onet:idx-systems-patient-chart-tracking"),
    ("Patient Chart Tracking", "onet:idx-systems-patient-chart-tracking"),
    ("VPN Client", "onet:cisco-systems-vpn-client"),
    ("Change Manager", "onet:bmc-software-change-manager"),
])
def test_a_generic_phrase_left_by_cutting_a_vendor_is_not_the_product(tax, written, product):
    with pytest.raises(UnknownSkillError):
        tax.lookup(written)
    assert tax.lookup(tax.get(product).label).id == product  # the full name still is


def test_a_generic_phrase_names_the_practice_it_means(tax):
    assert tax.lookup("Load Balance").id == "skillgap:load-balancing"
    assert tax.lookup("Production Planning").id == "onet:production-planning-software"
    assert tax.lookup("Visual Studio").id == "onet:microsoft-visual-studio"  # a product: kept


@pytest.mark.parametrize(("text", "absent"), [
    ("transforming networks into interwoven ecosystems", "onet:interwoven-software"),
    ("Ran the Boston Marathon in 2019.", "skillgap:apache-mesos"),
    ("We had to retool the assembly line.", "skillgap:retool"),
])
def test_a_product_named_by_an_english_word_is_not_the_word(tax, text, absent):
    assert tax.get(absent) is not None
    assert absent not in {m.skill_id for m in find_mentions(Document.from_text(text), tax).mentions}


def test_those_products_still_count_as_written_in_a_list(tax):
    found = {m.skill_id for m in find_mentions(
        Document.from_text("Tools: Interwoven, Documentum, Spinnaker, Marathon, Mesos"), tax).mentions}
    assert {"onet:interwoven-software", "skillgap:spinnaker", "skillgap:apache-mesos"} <= found


@pytest.mark.parametrize(("written", "skill_id"), [
    ("OPERA Property Management System", "onet:micros-systems-opera-property-management-system-pms"),
    ("Pinnacle Studio", "onet:avid-technology-pinnacle-studio"),
    ("Gateway Load Balancing Protocol", "onet:cisco-systems-gateway-load-balancing-protocol-glbp"),
    ("Cisco VPN Client", "onet:cisco-systems-vpn-client"),  # the company's first word + the name
    ("BMC Change Manager", "onet:bmc-software-change-manager"),
    # one product that O*NET lists under both names is one skill
    ("Avid Technology Media Composer", "onet:avid-media-composer"),
    ("Media Composer", "onet:avid-media-composer"),
    ("Informatica Corporation PowerCenter", "onet:informatica-powercenter"),
    ("Warehouse Advantage", "onet:highjump-warehouse-advantage"),
])
def test_a_company_name_is_cut_whole(tax, written, skill_id):
    assert tax.lookup(written).id == skill_id


@pytest.mark.parametrize("wrong_split", ["Systems OPERA Property Management System",
                                         "Technology Media Composer", "Limited Input"])
def test_no_name_is_left_by_cutting_a_company_name_in_two(tax, wrong_split):
    with pytest.raises(UnknownSkillError):
        tax.lookup(wrong_split)
