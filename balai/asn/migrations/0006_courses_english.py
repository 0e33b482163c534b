"""English of the four seeded courses (lessons, questions, choices), by course code and order.
Literal data of its own; rows already translated (edited in the admin) are left as they are."""

from django.db import migrations

LESSONS = {
    "meja-digital": [
        ("The work queue and the service deadline",
         "Every application from a resident becomes a case in your office's work queue. The queue shows only "
         "cases from your area, sorted by their service deadline.\n\n"
         "The deadline counts working days from submission, as the service standard says (Law 25/2009). For "
         "civil-registration services the document is issued at most 1 working day after the requirements are "
         "complete (Presidential Regulation 96/2018).\n\n"
         "Claim a case before checking it: a case you claim is recorded in your name, so two officers never check "
         "it at once. Release the case if you cannot finish it."),
        ("Checking the requirements",
         "Check each attachment against its requirement: is it the right document, legible, and in the right "
         "person's name? Mark each attachment as matching or not matching.\n\n"
         "When it does not match, write a reason the resident can understand, for example \"The family card photo "
         "cuts off the family members\", not just \"unclear\".\n\n"
         "Approval is possible only when every required document has been checked and matches."),
        ("Returning, rejecting, approving",
         "Return the case when a requirement is missing or wrong: the service clock stops until the resident "
         "corrects it, and the resident is told your reason.\n\n"
         "Reject only when the application really cannot be granted (for example, it is not your office's "
         "competence), with a written reason.\n\n"
         "Approve when everything matches. The documents are issued with an electronic signature and a QR code, "
         "and the resident downloads them. Every action you take is recorded in the case history."),
    ],
    "tte-verifikasi": [
        ("Certified electronic signatures",
         "A certified electronic signature (TTE) uses a certificate from an electronic certification provider; "
         "for government bodies, BSrE (BSSN). A certified TTE is legally valid (ITE Law).\n\n"
         "Electronically signed civil-registration documents may be printed on plain paper; their authenticity "
         "does not depend on the paper or a wet stamp (Minister of Home Affairs Regulation 104/2019)."),
        ("The QR code and the verification page",
         "Every document Balai issues carries a QR code. Scanning it opens the verification page, which shows the "
         "document's number, type, date of issue and status: valid, superseded by a new version, or revoked.\n\n"
         "The verification page can also check an uploaded PDF: if a single byte of it was changed, the file does "
         "not match the document that was issued."),
        ("When a resident brings a document",
         "Do not judge authenticity by appearance. Scan the QR code or upload the PDF to the verification page.\n\n"
         "If the page says the document was superseded, ask for the latest version. If it was revoked or is not "
         "found, the document cannot be used; explain this to the resident and point to the right service."),
    ],
    "samsat-opop": [
        ("What Samsat OPOP is",
         "Samsat OPOP is a vehicle-tax payment point at a pesantren of the East Java government's One Pesantren "
         "One Product programme. Residents pay their annual vehicle tax without going to a Samsat office.\n\n"
         "The agent at the point finds the bill by payment code or plate number, then takes cash for exactly the "
         "amount of the bill — no less, no more."),
        ("Receipts and the cash limit",
         "Every payment gives a numbered receipt with a QR code; give it to the resident. If the connection drops, "
         "repeat with the same button: the payment will never be recorded twice.\n\n"
         "Every point has a limit on cash in hand. When it is reached, deposit at the bank before taking the next "
         "payment."),
        ("Closing the day",
         "At the end of the day, count the cash in hand and declare the bank deposit. The supervisor matches the "
         "deposit with the money the bank received; a difference is recorded and resolved with a reason.\n\n"
         "A payment is cancelled only through a request the supervisor decides, never by deleting the record."),
    ],
    "pelindungan-data-pribadi": [
        ("The basis for processing",
         "Law 27/2022 on Personal Data Protection (UU PDP) has applied in full since 17 October 2024. Government "
         "bodies process personal data to exercise powers given by regulation, for example civil-registration "
         "services.\n\n"
         "Process only the data the requested service needs. NIK and family-card numbers are shown masked; open a "
         "full NIK only when needed, and every opening is recorded in the audit log."),
        ("Specific data and the data subject's rights",
         "Health data, biometrics, criminal records, children's data and personal financial data are specific "
         "personal data: their protection is stricter.\n\n"
         "Residents have the right to access, correct and obtain a copy of their personal data. In Balai, a "
         "resident downloads their data from the account page."),
        ("Data breaches",
         "A failure to protect personal data must be notified in writing to the data subjects and the supervisory "
         "authority within 3 × 24 hours.\n\n"
         "Do not send residents' data through personal messaging apps, do not photograph screens showing "
         "residents' data, and report to your superior at once if you suspect a breach."),
    ],
}

QUESTIONS = {
    "meja-digital": [
        ("When may a case be approved?", ["After every required document has been checked and matches",
                                          "As soon as the case is claimed",
                                          "When the resident has waited more than a day"]),
        ("What happens to the service clock when a case is returned for correction?",
         ["The clock keeps running", "The clock stops until the resident corrects it", "The clock restarts from zero"]),
        ("A good reason for returning a case is …", ["\"Unclear\"",
                                                     "\"The family card photo cuts off the family members\"",
                                                     "No reason: the resident will call"]),
        ("Why is a case claimed before it is checked?", ["So that two officers never check it at once",
                                                         "So that its deadline is extended",
                                                         "So that the resident cannot see it"]),
    ],
    "tte-verifikasi": [
        ("Who can verify a document through its QR code?", ["Civil-registration officers only", "Anyone",
                                                            "The document's owner only"]),
        ("An electronically signed civil-registration document may be printed on …",
         ["Plain paper", "Hologram forms only", "It may not be printed"]),
        ("The verification page says the document was \"superseded\". That means …",
         ["The document is forged", "There is a newer version; ask for it", "The document is valid forever"]),
        ("A PDF with one byte changed will …", ["Still match", "Not match the document that was issued",
                                                "Be repaired automatically"]),
    ],
    "samsat-opop": [
        ("How much money does the agent take for a bill?", ["Exactly the amount of the bill", "Rounded up",
                                                            "Whatever is agreed"]),
        ("The connection drops while saving a payment. What do you do?",
         ["Write it down in a book", "Repeat with the same button; it is never recorded twice",
          "Ask the resident to pay again"]),
        ("The cash limit has been reached. The agent must …", ["Deposit at the bank first", "Raise the limit",
                                                                "Keep the cash in a drawer"]),
        ("How is a wrong payment cancelled?", ["By deleting its record",
                                               "By a cancellation request the supervisor decides",
                                               "It need not be cancelled"]),
    ],
    "pelindungan-data-pribadi": [
        ("The deadline for notifying a personal-data protection failure is …", ["3 × 24 hours", "30 days",
                                                                                "There is none"]),
        ("Which of these is specific personal data?", ["Biometric data", "An office's name", "Opening hours"]),
        ("When may an officer open a full NIK?", ["Any time", "When the service needs it, recorded in the audit log",
                                                  "Never"]),
        ("A colleague asks for a screenshot of a resident's data through a personal message. You …",
         ["Send it", "Refuse and use the official channel", "Send it without the NIK"]),
    ],
}


def create(apps, schema_editor):
    Course = apps.get_model("asn", "Course")
    for code, lessons in LESSONS.items():
        course = Course.objects.filter(code=code).first()
        if course is None:
            continue
        for lesson, (title, body) in zip(course.lessons.order_by("order", "id"), lessons):
            if not lesson.title_en:
                lesson.title_en, lesson.body_en = title, body
                lesson.save(update_fields=["title_en", "body_en"])
        for question, (text, choices) in zip(course.questions.order_by("order", "id"), QUESTIONS[code]):
            if not question.text_en:
                question.text_en = text
                question.save(update_fields=["text_en"])
            for choice, choice_text in zip(question.choices.order_by("id"), choices):
                if not choice.text_en:
                    choice.text_en = choice_text
                    choice.save(update_fields=["text_en"])


class Migration(migrations.Migration):
    dependencies = [("asn", "0005_lesson_english")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
