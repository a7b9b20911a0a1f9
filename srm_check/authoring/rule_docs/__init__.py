"""Rule documentation: the rule reference (docs/rules.md), the README's rule table, one rule's page.

Pages are built from the rules themselves (what a rule checks, put into words from its
given/where/then by the units of the rule vocabulary) and from the policy's test cases
(an example that fails, and the change that makes it pass), so the reference cannot
drift from what the rules do. `describe` puts a rule into words, `examples` finds its
examples, `pages` gathers a page per rule, and `markdown`, `text` and `vocabulary`
render them.
"""
