//! Ids of the things a dossier interns: stories, entities, tags and entity
//! kinds. Each is the position of its item in the list that holds it
//! ([`crate::pipeline::index::Dossier`]'s `stories`, `entities`, `tags`,
//! the config's `kinds`); distinct types keep one from being used for
//! another. Lists index by them directly: `dossier.stories[id]`.

use std::ops::{Index, IndexMut};

/// What every id type is: a position in a list.
pub trait Id: Copy + Eq {
    /// The id of the item at `index` in its list.
    fn from_index(index: usize) -> Self;
    /// The item's position in its list.
    fn to_index(self) -> usize;
}

/// Each item of `items` with its id.
pub fn enumerate<I: Id, T>(items: &[T]) -> impl DoubleEndedIterator<Item = (I, &T)> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| (I::from_index(index), item))
}

/// Declares an id type: a position, with indexing of vectors and slices.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(u32);

        impl $name {
            /// The id of the item at `index` in its list.
            pub fn new(index: usize) -> Self {
                $name(u32::try_from(index).expect("fewer than 2^32 items"))
            }

            /// The item's position in its list.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id before this one, if any.
            pub fn previous(self) -> Option<Self> {
                self.index().checked_sub(1).map($name::new)
            }

            /// The id after this one, in a list of `len` items.
            pub fn next_within(self, len: usize) -> Option<Self> {
                let next = self.index() + 1;
                (next < len).then(|| $name::new(next))
            }

            /// The ids of a list of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..len).map($name::new)
            }
        }

        impl Id for $name {
            fn from_index(index: usize) -> Self {
                $name::new(index)
            }
            fn to_index(self) -> usize {
                self.index()
            }
        }

        impl<T> Index<$name> for [T] {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.index()]
            }
        }

        impl<T> IndexMut<$name> for [T] {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.index()]
            }
        }

        impl<T> Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.index()]
            }
        }

        impl<T> IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.index()]
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }
    };
}

id_type!(
    /// A story: its position in `Dossier::stories`, oldest first.
    StoryId
);
id_type!(
    /// An entity: its position in `Dossier::entities`, by kind then slug.
    EntityId
);
id_type!(
    /// A tag: its position in `Dossier::tags`, by slug.
    TagId
);
id_type!(
    /// A standalone page: its position in `Dossier::pages`, by path.
    PageId
);
id_type!(
    /// An entity kind: its position in the config's `kinds`, in menu order.
    KindId
);
id_type!(
    /// A document: its position in `Dossier::documents`, oldest first.
    DocumentId
);
id_type!(
    /// A relation of a profile: its position in `Dossier::relations`.
    RelationId
);
