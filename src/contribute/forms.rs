//! The issue forms of a hub: which fields each form has, made from the content format and the
//! hub's own terms, toolkits and time zone, in each of its languages; and their text in
//! GitHub's issue-form YAML.

use crate::content::Kind;
use crate::content::front_matter::ResourceKind;
use crate::events::EventStatus;
use crate::i18n::Words;
use crate::site::Site;

use super::FormKind;

/// The label every form gives its issues, which starts the intake workflow.
pub const LABEL: &str = "contribution";

/// The first line of every form `convene forms` writes, by which it knows its own files.
pub const HEADER: &str = "# Written by `convene forms` from the hub's content format, terms and toolkits. Run it again after";

/// How a member answers a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// One line of text, with a value filled in beforehand (may be empty).
    Line {
        /// What the field holds when the form opens.
        value: String,
    },
    /// Several lines of text (Markdown).
    Text,
    /// A choice among options; the answer is the options chosen, joined by ", ".
    Choice {
        /// The options as shown.
        options: Vec<String>,
        /// Whether several may be chosen.
        multiple: bool,
    },
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The id GitHub knows the field by (and a link can fill it by).
    pub id: String,
    /// The label shown above the field, and the heading of its answer in the issue.
    pub label: String,
    /// The help shown under the label.
    pub help: String,
    /// How it is answered.
    pub input: Input,
    /// Whether the form cannot be sent without it.
    pub required: bool,
}

/// One form, in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// What the form contributes.
    pub kind: FormKind,
    /// The language it is written in.
    pub language: String,
    /// Its file name in `.github/ISSUE_TEMPLATE/`.
    pub file_name: String,
    /// Its name in GitHub's list of forms.
    pub name: String,
    /// One sentence under the name.
    pub about: String,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

impl Form {
    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.id == id)
    }
}

/// The choices of an event's `Repeats` field, in order; the first means it does not repeat.
pub const RECURRENCES: [&str; 6] = [
    "once",
    "weekly",
    "biweekly",
    "monthly_weekday",
    "monthly_date",
    "other",
];

/// The forms of the hub whose site in one language is `site`.
pub fn of_site(site: &Site) -> Vec<Form> {
    FormKind::ALL.iter().map(|kind| form(*kind, site)).collect()
}

fn form(kind: FormKind, site: &Site) -> Form {
    let maker = Fields {
        words: &site.lang.words,
    };
    let fields = match kind {
        FormKind::Profile => {
            let mut fields = vec![
                maker.line("name", "field_name", true),
                maker.choice(
                    "kind",
                    "field_profile_kind",
                    ["kind_person", "kind_group"].map(|k| maker.words.text(k).to_string()),
                    false,
                ),
                Field {
                    help: maker.text("field_profile_location_help"),
                    ..maker.line("location", "field_location", false)
                },
                maker.line("summary", "field_summary", false),
            ];
            fields.extend(maker.terms(site));
            fields.extend([
                maker.line("website", "field_website", false),
                maker.text_field("links", "field_links", false),
                maker.line("members", "field_members", false),
                maker.text_field("about", "field_about", true),
            ]);
            fields
        }
        FormKind::Event => {
            let mut fields = vec![
                maker.line("title", "field_title", true),
                maker.line("start", "field_start", true),
                maker.line("end", "field_end", false),
                Field {
                    input: Input::Line {
                        value: site.config.timezone_name.clone(),
                    },
                    ..maker.line("timezone", "field_timezone", true)
                },
                maker.choice(
                    "recurrence",
                    "field_recurrence",
                    RECURRENCES.map(|r| maker.text(&format!("repeats_{r}"))),
                    false,
                ),
                maker.line("rule", "field_rule", false),
                maker.line("location", "field_location", false),
                maker.line("online", "field_online", false),
                maker.line("registration", "field_registration", false),
                maker.line("hosts", "field_hosts", false),
                maker.choice(
                    "status",
                    "field_status",
                    EventStatus::ALL.map(|s| maker.text(&format!("status_{}", s.as_str()))),
                    false,
                ),
                maker.line("summary", "field_summary", false),
            ];
            fields.extend(maker.terms(site));
            fields.push(maker.text_field("description", "field_description", true));
            fields
        }
        FormKind::Resource => vec![
            maker.choice(
                super::RESOURCE_TOOLKIT_FIELD,
                "field_toolkit",
                toolkits(site).into_iter().map(|(title, _)| title),
                false,
            ),
            maker.line("title", "field_resource_title", true),
            maker.line("url", "field_url", true),
            maker.line("author", "field_author", false),
            maker.line("source", "field_source", false),
            maker.choice(
                "kind",
                "field_resource_kind",
                ResourceKind::ALL.map(|k| maker.text(&format!("resource_{}", k.as_str()))),
                false,
            ),
            maker.text_field("note", "field_note", false),
            maker.line("tags", "field_tags", false),
        ],
        FormKind::Correction => vec![
            maker.line(super::CORRECTION_PAGE_FIELD, "field_page", true),
            maker.text_field("wrong", "field_wrong", true),
            maker.text_field("right", "field_right", true),
            maker.text_field("why", "field_why", false),
        ],
    };
    let mut fields = fields;
    // A choice is required except where "none" is a fair answer: no term chosen.
    for field in &mut fields {
        if let Input::Choice {
            multiple: false, ..
        } = field.input
        {
            field.required = true;
        }
    }
    Form {
        kind,
        language: site.lang.code.clone(),
        file_name: kind.file_name(&site.lang.code, site.lang.is_default),
        name: maker.text(&format!("form_{}_name", kind.name())),
        about: maker.text(&format!("form_{}_about", kind.name())),
        fields,
    }
}

/// The toolkits of a site: title and source file, in the order of their titles.
pub fn toolkits(site: &Site) -> Vec<(String, std::path::PathBuf)> {
    let mut toolkits: Vec<(String, std::path::PathBuf)> = site
        .pages
        .iter()
        .filter(|page| page.kind == Kind::Toolkit)
        .map(|page| (page.title.clone(), page.file.clone()))
        .collect();
    toolkits.sort();
    toolkits
}

/// Makes fields with their words in one language.
struct Fields<'a> {
    words: &'a Words,
}

impl Fields<'_> {
    fn text(&self, key: &str) -> String {
        self.words.text(key).to_string()
    }

    fn field(&self, id: &str, words: &str, input: Input, required: bool) -> Field {
        Field {
            id: id.to_string(),
            label: self.text(words),
            help: self.text(&format!("{words}_help")),
            input,
            required,
        }
    }

    fn line(&self, id: &str, words: &str, required: bool) -> Field {
        let input = Input::Line {
            value: String::new(),
        };
        self.field(id, words, input, required)
    }

    fn text_field(&self, id: &str, words: &str, required: bool) -> Field {
        self.field(id, words, Input::Text, required)
    }

    fn choice(
        &self,
        id: &str,
        words: &str,
        options: impl IntoIterator<Item = String>,
        multiple: bool,
    ) -> Field {
        let options = options.into_iter().collect();
        self.field(id, words, Input::Choice { options, multiple }, false)
    }

    /// A field for each taxonomy of the hub: a choice among the terms its pages use, or a line
    /// where it has none yet (and for `tags`, which grow with every page).
    fn terms(&self, site: &Site) -> Vec<Field> {
        site.taxonomies
            .iter()
            .map(|taxonomy| {
                let label = match self.words.optional(&format!("taxonomy_{}", taxonomy.name)) {
                    Some(label) => label.to_string(),
                    None => crate::config::taxonomy_title(&taxonomy.name),
                };
                let input = if taxonomy.name == "tags" || taxonomy.terms.is_empty() {
                    Input::Line {
                        value: String::new(),
                    }
                } else {
                    let mut options: Vec<String> = taxonomy
                        .terms
                        .iter()
                        .map(|term| term.name.clone())
                        .collect();
                    options.sort_by_key(|name| name.to_lowercase());
                    Input::Choice {
                        options,
                        multiple: true,
                    }
                };
                let help = if taxonomy.name == "tags" {
                    self.text("field_tags_help")
                } else {
                    self.text("field_terms_help")
                };
                Field {
                    id: taxonomy.name.clone(),
                    label,
                    help,
                    input,
                    required: false,
                }
            })
            .collect()
    }
}

/// The form as GitHub's issue-form YAML.
pub fn to_yaml(form: &Form, words: &Words) -> String {
    let mut yaml = format!(
        "{HEADER}\n# changing hub.yaml, the terms or the toolkits; edit this file by hand only if you also\n# remove these lines (then `convene forms` leaves it alone).\nname: {}\ndescription: {}\nlabels: [{}, {}]\nbody:\n  - type: markdown\n    attributes:\n      value: {}\n",
        quoted(&form.name),
        quoted(&form.about),
        LABEL,
        quoted(&format!("{}-{}", LABEL, form.kind.name())),
        quoted(words.text("form_intro")),
    );
    for field in &form.fields {
        let kind = match field.input {
            Input::Line { .. } => "input",
            Input::Text => "textarea",
            Input::Choice { .. } => "dropdown",
        };
        yaml.push_str(&format!(
            "  - type: {kind}\n    id: {}\n    attributes:\n      label: {}\n      description: {}\n",
            field.id,
            quoted(&field.label),
            quoted(&field.help)
        ));
        match &field.input {
            Input::Line { value } if !value.is_empty() => {
                yaml.push_str(&format!("      value: {}\n", quoted(value)));
            }
            Input::Line { .. } | Input::Text => {}
            Input::Choice { options, multiple } => {
                if *multiple {
                    yaml.push_str("      multiple: true\n");
                } else {
                    yaml.push_str("      default: 0\n");
                }
                yaml.push_str("      options:\n");
                for option in options {
                    yaml.push_str(&format!("        - {}\n", quoted(option)));
                }
            }
        }
        yaml.push_str(&format!(
            "    validations:\n      required: {}\n",
            field.required
        ));
    }
    yaml
}

/// A YAML double-quoted string: any text, written so that it reads back the same.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
