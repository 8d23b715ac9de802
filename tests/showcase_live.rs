//! The showcase's live views driven by `LiveTest` (no server): what each event does to the page
//! and what it costs on the wire — one row of the 300-row list, the form's one validation as
//! you type and when posted, and the live chat on an in-process room.

use rook::ChatRoom;
use rook::live::LiveTest;
use rook_examples::live_pages::{Chat, Counter, Form, List, ROWS, SignUp, validate};

#[test]
fn the_counter_counts() {
    let mut page = LiveTest::new(Counter::default()).unwrap();
    page.click("+").unwrap();
    page.click("+").unwrap();
    page.click("−").unwrap();
    assert!(page.html().contains("Count: <output>1</output>"), "{}", page.html());
    assert_eq!(page.last_message(), Some(r#"[3,{"1":"1"}]"#), "the count's slot only");
}

#[test]
fn a_click_on_the_list_sends_one_row() {
    let mut page = LiveTest::new(List::default()).unwrap();
    let whole = page.html().len();
    page.click("Change one row").unwrap();
    let row = List::row_of_click(0);
    let patch = page.last_message().unwrap().to_owned();
    assert!(patch.contains(&format!(".{row}\"")), "the row's index in the list, ending a path: {patch}");
    assert!(patch.contains(&format!("row {row} changed")), "{patch}");
    assert!(patch.len() < 100, "{patch}");
    println!("list of {ROWS} rows: a click's patch is {} B ({patch}), the page {whole} B", patch.len());
    // Every row changes once in 300 clicks.
    let rows: std::collections::HashSet<usize> = (0..ROWS).map(List::row_of_click).collect();
    assert_eq!(rows.len(), ROWS);
}

#[test]
fn the_form_is_checked_as_you_type_and_when_posted_by_one_validation() {
    let mut page = LiveTest::new(Form::default()).unwrap();
    // As you type: only the field typed into shows its problem.
    page.event("Check", "email=ada").unwrap();
    let problems = validate(&SignUp { email: Some("ada".into()), ..SignUp::default() });
    assert!(page.html().contains(problems.email.unwrap()), "{}", page.html());
    assert!(!page.html().contains(problems.name.unwrap()), "name not typed into yet");
    page.event("Check", "email=ada%40example.org").unwrap();
    assert!(!page.html().contains(problems.email.unwrap()));
    // Posted: every field's problem.
    page.submit("Save", &[("name", ""), ("email", "ada@example.org"), ("age", "7")]).unwrap();
    assert!(page.html().contains("Say your name.") && page.html().contains("From 13 to 130."), "{}", page.html());
    page.submit("Save", &[("name", "Ada"), ("email", "ada@example.org"), ("age", "36")]).unwrap();
    assert!(page.html().contains("Welcome, Ada!"), "{}", page.html());
    assert!(!page.html().contains("From 13 to 130."));
}

#[test]
fn the_live_chat_speaks_in_its_room() {
    let room = ChatRoom::new();
    let mut page = LiveTest::new(Chat::new(room.clone())).unwrap();
    // A Say before a name (a forged post: the page shows no such form yet) says nothing.
    page.event("Say", "text=not+yet").unwrap();
    assert!(room.recent().is_empty(), "no name, no message");
    page.submit("Join", &[("name", "ada:")]).unwrap();
    page.submit("Say", &[("text", "hello")]).unwrap();
    let said: Vec<_> = room.recent().into_iter().map(|line| (line.kind, line.text)).collect();
    assert_eq!(said, [("message", "ada: hello".to_owned())]);
    assert!(page.html().contains("ada: hello"), "{}", page.html());
}
