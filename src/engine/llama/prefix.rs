//! Shared prompt prefixes: how much of a batch's prompts can be computed once and reused.

/// Length of the longest prefix common to all `prompts` (0 for none).
pub(super) fn common_prefix<T: PartialEq>(prompts: &[&[T]]) -> usize {
    let Some((first, rest)) = prompts.split_first() else {
        return 0;
    };
    let mut n = first.len();
    for p in rest {
        n = n.min(
            first
                .iter()
                .zip(p.iter())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    n
}

/// What to do with the cached prefix for one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PrefixPlan {
    /// Leading tokens whose cache entries are kept from earlier calls.
    pub reuse: usize,
    /// Tokens every prompt of the batch starts with, computed once (`reuse..shared` is new).
    pub shared: usize,
}

/// Plans prefix reuse: the batch's common prefix (leaving each prompt at least one token of its
/// own, whose logits start generation), used only from `min_shared` tokens on; of it, the part
/// that matches `cached` is kept.
pub(super) fn plan<T: PartialEq>(cached: &[T], prompts: &[&[T]], min_shared: usize) -> PrefixPlan {
    let shortest = prompts.iter().map(|p| p.len()).min().unwrap_or(0);
    let shared = common_prefix(prompts).min(shortest.saturating_sub(1));
    if shared < min_shared.max(1) {
        return PrefixPlan {
            reuse: 0,
            shared: 0,
        };
    }
    let reuse = common_prefix(&[cached, &prompts[0][..shared]]);
    PrefixPlan { reuse, shared }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_of_several() {
        assert_eq!(common_prefix::<u8>(&[]), 0);
        assert_eq!(common_prefix(&[&[1, 2, 3][..]]), 3);
        assert_eq!(common_prefix(&[&[1, 2, 3][..], &[1, 2, 4], &[1, 2]]), 2);
        assert_eq!(common_prefix(&[&[1, 2][..], &[3, 2]]), 0);
    }

    #[test]
    fn plan_leaves_one_token_and_respects_minimum() {
        let a = [1, 2, 3, 4, 5];
        let b = [1, 2, 3, 4, 5, 6];
        // Identical prompts still keep their last token out of the prefix.
        assert_eq!(
            plan(&[], &[&a[..], &a], 2),
            PrefixPlan {
                reuse: 0,
                shared: 4
            }
        );
        assert_eq!(
            plan(&[], &[&a[..], &b], 2),
            PrefixPlan {
                reuse: 0,
                shared: 4
            }
        );
        assert_eq!(
            plan(&[], &[&a[..], &b], 5),
            PrefixPlan {
                reuse: 0,
                shared: 0
            }
        );
        // A single prompt shares everything but its last token with itself.
        assert_eq!(
            plan(&[1, 2, 9], &[&b[..]], 2),
            PrefixPlan {
                reuse: 2,
                shared: 5
            }
        );
        assert_eq!(
            plan(&[1, 2, 3, 4, 5, 6, 7], &[&b[..]], 2),
            PrefixPlan {
                reuse: 5,
                shared: 5
            }
        );
    }
}
