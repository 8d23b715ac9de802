//! [`Delivery`]: one entry of a room's order, and the frame each kind of client receives.

use std::sync::OnceLock;

use bytestring::ByteString;

use super::id::MessageId;

/// What an entry of the room's order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A member's message.
    Message,
    /// A join notice.
    Join,
    /// A leave notice.
    Leave,
    /// The messages before this point could not be replayed (trimmed, or the epoch changed).
    Lost,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Message => "message",
            Kind::Join => "join",
            Kind::Leave => "leave",
            Kind::Lost => "lost",
        }
    }

    #[cfg(feature = "redis")]
    pub(crate) fn parse(s: &str) -> Option<Kind> {
        [Kind::Message, Kind::Join, Kind::Leave, Kind::Lost].into_iter().find(|k| k.as_str() == s)
    }
}

/// The text of a [`Kind::Lost`] entry.
pub(crate) const HISTORY_LOST: &str = "history lost";

/// One entry, shared by every queue it is in.
#[derive(Debug)]
pub(crate) struct Delivery {
    /// Its id; for [`Kind::Lost`], the id of the last entry the client may consider seen (it
    /// resumes after it).
    pub(crate) id: MessageId,
    pub(crate) kind: Kind,
    pub(crate) text: ByteString,
    json: OnceLock<ByteString>,
}

impl Delivery {
    pub(crate) fn new(id: MessageId, kind: Kind, text: ByteString) -> Self {
        Delivery { id, kind, text, json: OnceLock::new() }
    }

    /// The frame for a client: the bare text, or with ids (`rook.chat.v1`) a JSON object
    /// `{"id":"…","kind":"message|join|leave|lost","text":"…"}`, built once per entry.
    pub(crate) fn frame(&self, ids: bool) -> ByteString {
        if !ids {
            return self.text.clone();
        }
        self.json
            .get_or_init(|| {
                let json =
                    serde_json::json!({ "id": self.id.to_string(), "kind": self.kind.as_str(), "text": &*self.text });
                ByteString::from(json.to_string())
            })
            .clone()
    }
}
