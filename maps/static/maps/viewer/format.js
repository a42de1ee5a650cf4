// Numbers, dates, lengths and areas in the reader's locale (vi-VN: 1.234,5), and property values as
// people read them: choice labels instead of stored codes, yes/no instead of true/false.

export function capfirst(text) {
    return text ? text.charAt(0).toLocaleUpperCase() + text.slice(1) : text;
}

export function formatNumber(locale, value, digits = 2) {
    return new Intl.NumberFormat(locale, {maximumFractionDigits: digits}).format(value);
}

export function formatDate(locale, isoDate) {
    const [year, month, day] = String(isoDate).slice(0, 10).split('-').map(Number);
    if (!year || !month || !day) {
        return String(isoDate);
    }
    const options = {day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC'};
    return new Intl.DateTimeFormat(locale, options).format(new Date(Date.UTC(year, month - 1, day)));
}

export function formatLength(locale, metres) {
    if (metres < 1000) {
        return `${formatNumber(locale, metres, 1)} m`;
    }
    return `${formatNumber(locale, metres / 1000, 3)} km`;
}

// Land is counted in hectares; a garden-sized area reads better in square metres as well.
export function formatArea(locale, squareMetres) {
    if (squareMetres >= 10000) {
        return `${formatNumber(locale, squareMetres / 10000, 2)} ha`;
    }
    return `${formatNumber(locale, squareMetres, 1)} m² (${formatNumber(locale, squareMetres / 10000, 4)} ha)`;
}

function choiceLabel(property, value) {
    const label = property.choices && property.choices[value];
    return label ? capfirst(label) : value;
}

// The value of one popup row as text, or null when there is nothing to show.
export function propertyText(property, raw, settings) {
    if (raw === null || raw === undefined || raw === '') {
        return null;
    }
    const locale = settings.locale;
    if (property.type === 'array') {
        // Vector tiles carry arrays as comma-separated text (maps/tiles/sql.py).
        return String(raw).split(',').filter(Boolean).map((item) => choiceLabel(property, item)).join(', ');
    }
    if (property.type === 'boolean') {
        return raw ? settings.messages.yes : settings.messages.no;
    }
    if (property.format === 'date') {
        return formatDate(locale, raw);
    }
    if (property.type === 'number' && typeof raw === 'number') {
        return formatNumber(locale, raw);
    }
    // Whole numbers here are identifiers (sheet 1234, parcel 56): no thousands separator.
    return String(choiceLabel(property, raw));
}
