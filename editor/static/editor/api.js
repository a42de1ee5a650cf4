// Data: every request the editor makes, and nothing else. Writes carry the CSRF token (the csrftoken
// cookie's value in the X-CSRFToken header) because the editor speaks with its login session; edits
// carry the ETag they started from in If-Match, so the server can refuse to overwrite a newer version.
// Each call resolves to {ok, status, etag, body}; network failures resolve too, with status 0, so the
// page has one place to explain any failure.

function cookie(name) {
    const prefix = `${name}=`;
    const found = document.cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith(prefix));
    return found ? decodeURIComponent(found.slice(prefix.length)) : '';
}

function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, name) => encodeURIComponent(values[name]));
}

async function readBody(response) {
    const text = await response.text();
    if (!text) {
        return null;
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        return null;
    }
}

export function createApi(settings) {
    const {urls, csrf} = settings;

    async function send(method, url, {json, form, ifMatch, signal} = {}) {
        const headers = {Accept: 'application/geo+json, application/json'};
        let body;
        if (json !== undefined) {
            headers['Content-Type'] = 'application/json';
            body = JSON.stringify(json);
        } else if (form !== undefined) {
            body = form;  // the browser writes the multipart boundary
        }
        if (method !== 'GET') {
            headers[csrf.header] = cookie(csrf.cookie);
        }
        if (ifMatch) {
            headers['If-Match'] = ifMatch;
        }
        try {
            const response = await fetch(url, {method, headers, body, signal, credentials: 'same-origin'});
            return {ok: response.ok, status: response.status, etag: response.headers.get('ETag'),
                body: await readBody(response)};
        } catch (error) {
            if (error.name === 'AbortError') {
                throw error;
            }
            return {ok: false, status: 0, etag: null, body: null};
        }
    }

    const zoneUrl = (id) => fill(urls.zone, {id});
    return {
        listZones(query, signal) {
            return send('GET', `${urls.zones}?${new URLSearchParams(query)}`, {signal});
        },
        getZone: (id) => send('GET', zoneUrl(id)),
        createZone: (feature) => send('POST', urls.zones, {json: feature}),
        updateZone: (id, feature, etag) => send('PUT', zoneUrl(id), {json: feature, ifMatch: etag}),
        checkZone: (feature) => send('POST', urls.check, {json: feature}),
        fromParcels: (parcelIds) => send('POST', urls.fromParcels, {json: {parcel_ids: parcelIds}}),
        step(id, step, {reason, etag} = {}) {
            const json = reason === undefined ? undefined : {reason};
            return send('POST', fill(urls.steps[step], {id}), {json, ifMatch: etag});
        },
        history: (id) => send('GET', `${fill(urls.history, {id})}?geometry=true`),
        revert(id, toVersion, {reason, etag} = {}) {
            return send('POST', fill(urls.revert, {id}), {json: {to_version: toVersion, reason: reason || ''},
                ifMatch: etag});
        },
        fieldShapes(file) {
            const form = new FormData();
            form.append('file', file);
            return send('POST', urls.fieldShapes, {form});
        },
        // Features of a served layer inside [west, south, east, north], from the OGC API.
        items(layer, bbox, limit, signal) {
            const query = new URLSearchParams({bbox: bbox.join(','), limit: String(limit)});
            return send('GET', `${fill(urls.items, {layer})}?${query}`, {signal});
        },
        baseMap: () => send('GET', urls.baseMap),
    };
}
