//! Position ids, all in one string: a book of ten million positions would otherwise
//! spend a heap allocation (and 24 bytes of `String`) on each.

/// Ids in book order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids {
    text: String,
    /// End of each id in `text`; id i spans `ends[i - 1]..ends[i]`.
    ends: Vec<usize>,
}

impl Ids {
    pub fn with_capacity(count: usize) -> Self {
        Ids {
            text: String::new(),
            ends: Vec::with_capacity(count),
        }
    }

    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id at `index`; empty past the end.
    pub fn get(&self, index: usize) -> &str {
        let start = match index.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_in_order() {
        let mut ids = Ids::with_capacity(3);
        for id in ["p1", "", "long-9"] {
            ids.push(id);
        }
        assert_eq!(ids.len(), 3);
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["p1", "", "long-9"]);
        assert_eq!(ids.get(7), "");
    }
}
