//! What an attempt answers, by key: a bank item or a generated scene. Parsed once, where keys
//! come in from the store; everywhere else they are these types.

use std::fmt;

use crate::curriculum::Level;
use crate::scenes::SceneKind;

/// A generated scene: deterministic from its kind, level and seed (`scene/street/3/42`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SceneKey {
    pub kind: SceneKind,
    pub level: Level,
    pub seed: u64,
}

impl SceneKey {
    /// `scene/<kind>/<level>/<seed>`, or None.
    pub fn parse(s: &str) -> Option<SceneKey> {
        let mut p = s.strip_prefix("scene/")?.split('/');
        let (Some(kind), Some(level), Some(seed), None) = (p.next(), p.next(), p.next(), p.next())
        else {
            return None;
        };
        let level = Level::parse(level)?;
        Some(SceneKey {
            kind: SceneKind::parse(kind)?,
            level,
            seed: seed.parse().ok()?,
        })
    }
}

impl fmt::Display for SceneKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scene/{}/{}/{}", self.kind, self.level, self.seed)
    }
}

/// The key of what an attempt answers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ItemKey {
    /// A bank item: `shipped/<item id>` or `<center id>/<item id>`.
    Bank(String),
    Scene(SceneKey),
}

impl ItemKey {
    pub fn parse(s: &str) -> ItemKey {
        match SceneKey::parse(s) {
            Some(k) => ItemKey::Scene(k),
            None => ItemKey::Bank(s.to_string()),
        }
    }

    pub fn scene(&self) -> Option<SceneKey> {
        match self {
            ItemKey::Scene(k) => Some(*k),
            ItemKey::Bank(_) => None,
        }
    }

    /// The item id a person reads (`L5-T-AIB-002`), without its owner.
    pub fn item_id(&self) -> Option<&str> {
        match self {
            ItemKey::Bank(k) => Some(k.rsplit_once('/').map_or(k.as_str(), |(_, id)| id)),
            ItemKey::Scene(_) => None,
        }
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemKey::Bank(k) => f.write_str(k),
            ItemKey::Scene(k) => k.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let k = ItemKey::parse("scene/street/3/42");
        assert_eq!(
            k.scene(),
            Some(SceneKey {
                kind: SceneKind::Street,
                level: Level::new(3).unwrap(),
                seed: 42
            })
        );
        assert_eq!(k.to_string(), "scene/street/3/42");
        let b = ItemKey::parse("shipped/L5-T-AIB-002");
        assert_eq!(b.item_id(), Some("L5-T-AIB-002"));
        assert_eq!(b.to_string(), "shipped/L5-T-AIB-002");
        // Anything else that is not a well-formed scene is a bank key.
        for s in [
            "scene/street/3",
            "scene/street/9/1",
            "scene/nope/3/1",
            "scene/street/3/x",
            "scene/street/3/1/2",
        ] {
            assert_eq!(ItemKey::parse(s), ItemKey::Bank(s.to_string()), "{s}");
        }
    }
}
