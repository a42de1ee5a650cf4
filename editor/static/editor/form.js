// UI: the zone's attributes. The server renders the form (labels and choices in the reader's language,
// from the model); this module reads it into the Feature's properties and fills it from a Feature.
// A PUT replaces every attribute, so properties the form does not show (is_illustrative) are sent back
// as they were received.
import {el} from 'viewer/dom';

const TEXT_FIELDS = ['name', 'variety', 'holder', 'representative'];
const CHOICE_LISTS = ['markets', 'standards'];
const DATES = ['valid_from', 'valid_until'];

class ZoneForm {
    constructor(form, prefix, onChange) {
        this.form = form;
        this.prefix = prefix;
        this.received = {};
        form.addEventListener('input', () => onChange());
        form.addEventListener('change', () => onChange());
        form.addEventListener('submit', (event) => event.preventDefault());
    }

    field(name) {
        return this.form.elements[`${this.prefix}-${name}`];
    }

    boxes(name) {
        return [...this.form.querySelectorAll(`input[type="checkbox"][name="${this.prefix}-${name}"]`)];
    }

    read() {
        const properties = {...this.received};
        for (const name of TEXT_FIELDS) {
            properties[name] = this.field(name).value.trim();
        }
        properties.crop = this.field('crop').value;
        const declared = this.field('declared_area_ha').value.trim();
        properties.declared_area_ha = declared === '' ? null : declared;
        const households = this.field('households').value.trim();
        properties.households = households === '' ? null : Number(households);
        for (const name of CHOICE_LISTS) {
            properties[name] = this.boxes(name).filter((box) => box.checked).map((box) => box.value);
        }
        for (const name of DATES) {
            properties[name] = this.field(name).value || null;
        }
        return properties;
    }

    write(properties = {}) {
        this.received = {...properties};
        for (const name of TEXT_FIELDS) {
            this.field(name).value = properties[name] || '';
        }
        this.field('crop').value = properties.crop || '';
        this.field('declared_area_ha').value = properties.declared_area_ha ?? '';
        this.field('households').value = properties.households ?? '';
        for (const name of CHOICE_LISTS) {
            const chosen = new Set(properties[name] || []);
            this.boxes(name).forEach((box) => { box.checked = chosen.has(box.value); });
        }
        for (const name of DATES) {
            this.field(name).value = properties[name] || '';
        }
        this.markProblems([]);
    }

    setDisabled(disabled) {
        this.form.querySelector('fieldset').disabled = disabled;
    }

    // The messages of problems about a form field, under that field.
    markProblems(problems) {
        this.form.querySelectorAll('.ntm-field-error').forEach((node) => node.remove());
        this.form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
        for (const problem of problems) {
            const wrapper = problem.field && this.form.querySelector(`[data-field="${problem.field}"]`);
            if (wrapper) {
                wrapper.querySelectorAll('input, select').forEach((node) => node.setAttribute('aria-invalid', 'true'));
                wrapper.append(el('p', {className: 'ntm-field-error', text: problem.message}));
            }
        }
    }

    crop() {
        return this.field('crop').value;
    }
}

export function createForm(form, prefix, onChange) {
    return new ZoneForm(form, prefix, onChange);
}
