// A feature's popup: its name, its layer, and its public properties under their translated labels.
// Every value goes in as text (dom.el), never as markup.
import {el} from 'viewer/dom';
import {propertyText} from 'viewer/format';
import {FEATURE_ID} from 'viewer/overlays';

function heading(spec, properties) {
    const parts = spec.heading.map((name) => properties[name]).filter((value) => value !== undefined && value !== '');
    return parts.length ? parts.join(' – ') : spec.title;
}

function rows(spec, properties, settings) {
    const body = el('tbody');
    for (const property of spec.properties) {
        const text = propertyText(property, properties[property.name], settings);
        if (text !== null) {
            body.append(el('tr', {}, [el('th', {scope: 'row', text: property.label}), el('td', {text})]));
        }
    }
    return body;
}

function pageLink(spec, properties, settings) {
    const id = properties[FEATURE_ID];
    if (!spec.page || !Number.isInteger(id)) {
        return null;
    }
    const href = spec.page.replace('{id}', String(id));
    return el('p', {className: 'ntm-popup-page'}, [el('a', {href, text: settings.messages.featurePage})]);
}

export function popupContent(spec, properties, settings) {
    return el('article', {className: 'ntm-popup', lang: settings.language}, [
        el('p', {className: 'ntm-popup-layer', text: spec.title}),
        el('h2', {className: 'ntm-popup-title', text: heading(spec, properties)}),
        properties.is_illustrative
            ? el('p', {className: 'ntm-popup-badge', text: settings.messages.illustrative}) : null,
        el('table', {className: 'ntm-popup-properties'}, [rows(spec, properties, settings)]),
        pageLink(spec, properties, settings),
    ]);
}
