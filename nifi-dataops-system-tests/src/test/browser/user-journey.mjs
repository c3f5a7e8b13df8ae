// What a person does in the NiFi 2.3.0 UI with our bundle, in headless Debian Chromium driven by playwright-core.
// NiFiUserJourneyIT starts NiFi, deploys the healthcare flow and runs this script; every step leaves a screenshot
// and a failed step exits non-zero with the reason (and a screenshot of the page as it was).
//
// Selectors come from the NiFi 2.3.0 UI source (apache/nifi at rel/nifi-2.3.0, under
// nifi-frontend/src/main/frontend/apps/nifi/src/app/, "UI:" below); each use names its template.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const settings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const only = process.argv[3] ? process.argv[3].split(',') : null;
const shots = settings.screenshotDir;
fs.mkdirSync(shots, { recursive: true });
const found = {};
let shotNumber = 0;

const browser = await chromium.launch({
    executablePath: settings.chromium,
    // as root in CI Chromium needs --no-sandbox; no GPU on the build machines
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
page.setDefaultTimeout(30_000);

async function shot(name) {
    shotNumber++;
    const file = path.join(shots, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshot ${file}`);
}

function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

/** The canvas of a process group; the canvas draws components as SVG groups with id "id-<uuid>" (UI: pages/flow-designer/service/manager/*-manager.service.ts). */
async function openGroup(groupId) {
    await page.goto(`${settings.nifiUrl}#/process-groups/${groupId}`);
    await page.locator('#canvas-container').waitFor();
    await page.waitForTimeout(1500);
}

/** The toolbar item of a component type is dragged onto the canvas (UI: pages/flow-designer/ui/canvas/header/header.component.html, new-canvas-item). */
async function dragNewItem(iconClass, x, y) {
    const button = page.locator('new-canvas-item', { has: page.locator(`div.${iconClass}`) }).locator('button');
    const box = await button.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    // the CDK drag starts only after the pointer has moved a few pixels
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10, { steps: 5 });
    await page.mouse.move(x, y, { steps: 20 });
    await page.mouse.up();
}

/** Right-click on an element, then a context menu item by its text (UI: ui/common/context-menu/context-menu.component.html). */
async function contextMenu(target, itemText, position) {
    await target.click({ button: 'right', force: true, position });
    const item = page.locator('.context-menu button.context-menu-item', {
        has: page.locator('.context-menu-item-text', { hasText: new RegExp(`^\\s*${itemText}\\s*$`) })
    });
    await item.first().click();
}

/** The navigation panel's "fit" button (UI: pages/flow-designer/ui/canvas/graph-controls/navigation-control/navigation-control.component.html, zoomFit()). */
async function fitToScreen() {
    await page.locator('button:has(i.icon-zoom-fit)').click();
    await page.waitForTimeout(2000);
}

/** An item of an open context menu or of its submenu, by its text. */
async function menuItem(itemText) {
    await page.locator('.context-menu button.context-menu-item', {
        has: page.locator('.context-menu-item-text', { hasText: new RegExp(`^\\s*${itemText}\\s*$`) })
    }).first().click();
}

/** A process group on the canvas by its name (UI: process-group-manager.service.ts, text.process-group-name). */
function processGroup(name) {
    return page.locator('g.process-group', { has: page.locator('text.process-group-name', { hasText: name }) });
}

/** Version -> the item, on the group's context menu (UI: canvas-context-menu.service.ts VERSION_MENU). */
async function versionMenu(name, itemText) {
    await processGroup(name).locator('text.process-group-name').click({ button: 'right', force: true });
    // the submenu opens on hover (cdkMenuTriggerFor)
    await page.locator('.context-menu button.context-menu-item', { hasText: /^\s*Version\s*$/ }).first().hover();
    await menuItem(itemText);
}

/** The Save Flow Version dialog (UI: pages/flow-designer/ui/canvas/items/flow/save-version-dialog/save-version-dialog.component.html). */
async function saveVersion(flowName, comments) {
    const dialog = page.locator('mat-dialog-container', { hasText: 'Save Flow Version' });
    await dialog.waitFor();
    if (flowName) {
        await dialog.locator('input[formcontrolname="flowName"]').fill(flowName);
    }
    await dialog.locator('textarea[formcontrolname="comments"]').fill(comments);
    await shot(flowName ? 'start-version-control' : 'commit-local-changes');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
}

/** A processor on the canvas by its name (UI: processor-manager.service.ts draws the name as text.processor-name). */
function processor(name) {
    return page.locator('g.processor', { has: page.locator('text.processor-name', { hasText: name }) });
}

/** Opens a processor's configuration, runs the edits, applies (UI: pages/flow-designer/ui/canvas/items/processor/edit-processor/edit-processor.component.html). */
async function configure(name, edits) {
    await contextMenu(processor(name).locator('text.processor-name'), 'Configure');
    const dialog = page.locator('mat-dialog-container', { has: page.getByRole('tab', { name: 'Properties' }) });
    await dialog.getByRole('tab', { name: 'Properties' }).click();
    await edits(dialog);
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
}

/** The row of a property in the property table (UI: ui/common/property-table/property-table.component.html). */
function propertyRow(dialog, property) {
    return dialog.locator('property-table tr.mat-mdc-row', { has: page.locator(`td.mat-column-property div[title="${property}"]`) });
}

/** Clicks a property's value and types into the code editor that opens (UI: ui/common/property-table/editors/nf-editor/nf-editor.component.html). */
async function setText(dialog, property, text) {
    await propertyRow(dialog, property).locator('td').nth(1).locator('div.pointer').click();
    const editor = page.locator('.property-editor');
    await editor.locator('.CodeMirror, .cm-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
    await editor.getByRole('button', { name: 'Ok' }).click();
    await editor.waitFor({ state: 'detached' });
}

/** The property's menu, "Create new service", then the type from the Add Controller Service dialog (UI: property-table.component.html). */
async function createService(dialog, property, type) {
    await propertyRow(dialog, property).locator('button:has(i.fa-ellipsis-v)').click();
    await page.getByRole('menuitem', { name: 'Create new service' }).click();
    const add = page.locator('.extension-creation-dialog');
    await filterTypes(add, type);
    await add.locator('tr.mat-mdc-row', { hasText: type }).first().dblclick();
    await add.waitFor({ state: 'detached' });
    await propertyRow(dialog, property).locator('td').nth(1).getByText(type).waitFor();
}

/**
 * Hovering a component shows the connector (text.add-connect); dragging it onto another component opens Create Connection,
 * where the relationships are ticked (UI: pages/flow-designer/service/behavior/connectable-behavior.service.ts,
 * .../connection/create-connection/create-connection.component.html, source-processor.component.html).
 */
async function connect(source, destination, relationships) {
    const from = await source.boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2, { steps: 5 });
    const connector = page.locator('text.add-connect');
    await connector.waitFor();
    const handle = await connector.boundingBox();
    const to = await destination.boundingBox();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 25 });
    await page.mouse.up();
    const dialog = page.locator('mat-dialog-container', { hasText: 'Create Connection' });
    await dialog.waitFor();
    for (const relationship of relationships) {
        await dialog.locator('mat-checkbox', { hasText: new RegExp(`^\\s*${relationship}\\s*$`) }).click();
    }
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached' });
}

/** A connection on the canvas by its relationship name (UI: connection-manager.service.ts, text.connection-name). */
function connection(relationship) {
    return page.locator('g.connection', { has: page.locator('text.connection-name > title', { hasText: new RegExp(`^${relationship}$`) }) });
}

async function waitUntil(what, condition, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await condition()) {
            return;
        }
        await page.waitForTimeout(1000);
    }
    throw new Error(`Timed out waiting for ${what}`);
}

/**
 * "List Queue" on a connection opens the queue listing; "View Details" on its first FlowFile shows the attributes
 * (UI: pages/queue/ui/queue-listing/flowfile-table/flowfile-table.component.html, flowfile-dialog/flowfile-dialog.component.html).
 * Returns the listing's rows and the first FlowFile's attributes.
 */
async function listQueue(target, name) {
    await contextMenu(target.locator('text.connection-name'), 'List Queue');
    const rows = page.locator('flowfile-table tr.mat-mdc-row');
    await rows.first().waitFor();
    const listing = await rows.allInnerTexts();
    await shot(`list-queue-${name}`);
    await rows.first().locator('button:has(i.fa-ellipsis-v)').click();
    await page.getByRole('menuitem', { name: 'View Details' }).click();
    const dialog = page.locator('mat-dialog-container', { hasText: 'FlowFile' });
    await dialog.getByRole('tab', { name: 'Attributes' }).click();
    await page.waitForTimeout(500);
    await shot(`flowfile-attributes-${name}`);
    const attributes = {};
    for (const entry of await dialog.locator('.dialog-tab-content .mb-4.flex.flex-col').all()) {
        const parts = (await entry.innerText()).split('\n');
        attributes[parts[0].trim()] = parts.slice(1).join('\n').trim();
    }
    await dialog.getByRole('button', { name: 'Ok' }).click();
    await page.goBack();
    await page.locator('#canvas-container').waitFor();
    await page.waitForTimeout(1000);
    return { listing, attributes };
}

/** Types into the Add dialog's filter; the table filters on keyup (UI: extension-creation.component.html). */
async function filterTypes(dialog, text) {
    const filter = dialog.locator('input[placeholder="Filter types..."]');
    await filter.waitFor();
    await filter.pressSequentially(text);
}

async function step(name, body) {
    if (only && !only.includes(name)) {
        return;
    }
    const started = Date.now();
    await body();
    console.log(`step ${name} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
    await step('build-validation-flow', async () => {
        await openGroup(settings.rootGroupId);
        await shot('canvas');
        // a process group of its own, left of the healthcare group (the deployer places that one at the origin)
        await dragNewItem('icon-group', 300, 500);
        // UI: pages/flow-designer/ui/canvas/items/process-group/create-process-group/create-process-group.component.html
        const groupDialog = page.locator('mat-dialog-container');
        await groupDialog.locator('input[formcontrolname="newProcessGroupName"]').fill(settings.journeyGroupName);
        await groupDialog.getByRole('button', { name: 'Add' }).click();
        const group = page.locator('g.process-group', { has: page.locator('text.process-group-name', { hasText: settings.journeyGroupName }) });
        await group.waitFor();
        await contextMenu(group.locator('text.process-group-name'), 'Enter Group');
        await page.waitForTimeout(1500);

        // Add Processor, filtered by one of our tags
        await dragNewItem('icon-processor', 620, 420);
        // UI: ui/common/extension-creation/extension-creation.component.html: "Filter types" input, rows are mat-rows with type, version and tags
        let dialog = page.locator('.extension-creation-dialog');
        await dialog.waitFor();
        await filterTypes(dialog, 'great expectations');
        const rows = dialog.locator('tr.mat-mdc-row');
        await rows.first().waitFor();
        found.tagFilterRows = await rows.allInnerTexts();
        await rows.filter({ hasText: 'ValidateRecordExpectations' }).first().click();
        found.selectedBundle = await dialog.locator('.selected-type-bundle').innerText();
        await shot('add-processor-filtered-by-tag');
        check(found.tagFilterRows.some(row => row.includes('ValidateRecordExpectations')), `no ValidateRecordExpectations for the tag: ${found.tagFilterRows}`);
        check(found.selectedBundle.includes('nifi-dataops-nar'), `bundle shown: ${found.selectedBundle}`);
        await dialog.getByRole('button', { name: 'Add' }).click();
        await processor('ValidateRecordExpectations').waitFor();

        await dragNewItem('icon-processor', 620, 130);
        dialog = page.locator('.extension-creation-dialog');
        await filterTypes(dialog, 'GenerateFlowFile');
        await dialog.locator('tr.mat-mdc-row', { hasText: 'GenerateFlowFile' }).first().click();
        // NiFi's standard processors show under NiFi's own bundle coordinate
        found.standardBundle = await dialog.locator('.selected-type-bundle').innerText();
        check(found.standardBundle.includes('org.apache.nifi - nifi-standard-nar'), `GenerateFlowFile's bundle shown: ${found.standardBundle}`);
        await dialog.getByRole('button', { name: 'Add' }).click();
        await processor('GenerateFlowFile').waitFor();
        await dragNewItem('icon-funnel', 560, 760);
        await dragNewItem('icon-funnel', 1060, 760);
        await page.locator('g.funnel').nth(1).waitFor();
        await shot('components-added');
    });

    await step('view-documentation', async () => {
        // UI: pages/flow-designer/service/canvas-context-menu.service.ts, "View Documentation" opens #/documentation/<type>
        await contextMenu(processor('ValidateRecordExpectations').locator('text.processor-name'), 'View Documentation');
        await page.waitForURL(/#\/documentation\//);
        // UI: pages/documentation/ui/processor-definition/processor-definition.component.html renders the capability
        // description, the properties, relationships and the additionalDetails.md of the type
        const docs = page.locator('processor-definition');
        await docs.getByText('Additional Details').waitFor();
        await shot('view-documentation');
        // UI: pages/documentation/ui/common/additional-details/additional-details.component.html (an expansion panel)
        await docs.getByText('Additional Details').click();
        await docs.locator('additional-details').getByText('Expectation', { exact: false }).first().waitFor();
        found.documentation = await docs.innerText();
        await docs.locator('additional-details').screenshot({ path: path.join(shots, 'additional-details.png') });
        for (const expected of ['Record Reader', 'Expectation Suite', 'valid', 'invalid', 'report']) {
            check(found.documentation.includes(expected), `documentation lacks ${expected}`);
        }
        await page.getByText('Back to Processor').click();
        await processor('ValidateRecordExpectations').waitFor();
    });

    await step('configure', async () => {
        await configure('GenerateFlowFile', async dialog => {
            await setText(dialog, 'Custom Text', settings.records);
        });
        await configure('ValidateRecordExpectations', async dialog => {
            await createService(dialog, 'Record Reader', 'JsonTreeReader');
            await createService(dialog, 'Record Writer', 'JsonRecordSetWriter');
            await setText(dialog, 'Expectation Suite', settings.suite);
            await shot('validator-properties');
            await dialog.getByRole('tab', { name: 'Relationships' }).click();
            for (const relationship of ['report', 'failure']) {
                await dialog.locator('relationship-settings .flex.flex-col.gap-y-1\\.5', { has: page.locator(`div[title="${relationship}"]`) })
                    .locator('mat-checkbox', { hasText: 'terminate' }).click();
            }
        });
        // UI: canvas-context-menu.service.ts, "Enable All Controller Services" on the group's empty canvas
        await contextMenu(page.locator('#canvas-container'), 'Enable All Controller Services', { x: 1200, y: 300 });
        await page.waitForTimeout(3000);
    });

    await step('connect', async () => {
        await connect(processor('GenerateFlowFile'), processor('ValidateRecordExpectations'), []);
        await connect(processor('ValidateRecordExpectations'), page.locator('g.funnel').nth(0), ['valid']);
        await connect(processor('ValidateRecordExpectations'), page.locator('g.funnel').nth(1), ['invalid']);
        await page.locator('g.connection').nth(2).waitFor();
        await shot('connected');
    });

    await step('run-and-list-queues', async () => {
        await contextMenu(processor('ValidateRecordExpectations').locator('text.processor-name'), 'Start');
        await contextMenu(processor('GenerateFlowFile').locator('text.processor-name'), 'Run Once');
        // the canvas polls every 30 s; "Refresh" on the canvas asks at once
        // (UI: canvas-context-menu.service.ts "Refresh"; connection-manager.service.ts draws tspan.count in text.queued)
        const valid = connection('valid');
        const invalid = connection('invalid');
        await waitUntil('a FlowFile queued on valid and on invalid', async () => {
            await contextMenu(page.locator('#canvas-container'), 'Refresh', { x: 1300, y: 250 });
            await page.waitForTimeout(1000);
            return (await valid.locator('text.queued tspan.count').textContent()) === '1'
                && (await invalid.locator('text.queued tspan.count').textContent()) === '1';
        });
        await shot('flow-ran');
        found.queues = {};
        for (const relationship of ['valid', 'invalid']) {
            found.queues[relationship] = await listQueue(connection(relationship), relationship);
        }
        // the generated batch holds one good record and two that break the suite
        check(found.queues.valid.listing.length === 1 && found.queues.invalid.listing.length === 1, `queue listings: ${JSON.stringify(found.queues)}`);
        check(found.queues.valid.attributes['record.count'] === '1' && found.queues.valid.attributes['validation.outcome'] === 'valid',
            `valid attributes: ${JSON.stringify(found.queues.valid.attributes)}`);
        check(found.queues.invalid.attributes['record.count'] === '2' && found.queues.invalid.attributes['validation.outcome'] === 'invalid',
            `invalid attributes: ${JSON.stringify(found.queues.invalid.attributes)}`);
    });

    await step('version-control', async () => {
        const vc = settings.versionControl;
        await openGroup(settings.rootGroupId);
        await versionMenu(settings.journeyGroupName, 'Start Version Control');
        await saveVersion(vc.flowName, vc.firstComment);
        await page.waitForTimeout(1000);
        await shot('under-version-control');

        // a change inside the group, committed as the second version
        await contextMenu(processGroup(settings.journeyGroupName).locator('text.process-group-name'), 'Enter Group');
        await processor('GenerateFlowFile').waitFor();
        await fitToScreen();
        await configure('GenerateFlowFile', async dialog => {
            await setText(dialog, 'Custom Text', vc.changedRecords);
        });
        await openGroup(settings.rootGroupId);
        await versionMenu(settings.journeyGroupName, 'Commit Local Changes');
        await saveVersion(null, vc.secondComment);

        // back to the first version (UI: .../flow/change-version-dialog/change-version-dialog.html, change-version-progress-dialog.html)
        await versionMenu(settings.journeyGroupName, 'Change Version');
        const dialog = page.locator('mat-dialog-container', { has: page.locator('td.mat-column-comments') });
        const first = dialog.locator('tr.mat-mdc-row', { hasText: vc.firstComment });
        await first.waitFor();
        found.versions = await dialog.locator('tr.mat-mdc-row').allInnerTexts();
        await first.click();
        await shot('change-version');
        await dialog.getByRole('button', { name: 'Change' }).click();
        const progress = page.locator('mat-dialog-container', { has: page.getByRole('button', { name: 'Close' }) });
        await progress.getByRole('button', { name: 'Close' }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
        found.changeVersionResult = await progress.innerText();
        await shot('changed-version');
        await progress.getByRole('button', { name: 'Close' }).click();
        check(found.versions.length === 2, `versions listed: ${JSON.stringify(found.versions)}`);
        check(!/fail/i.test(found.changeVersionResult), `Change Version: ${found.changeVersionResult}`);
    });

    await step('lake-pipeline-at-fit', async () => {
        await openGroup(settings.provenance.groupId);
        await fitToScreen();
        // the panels float over the canvas's left part: collapsed, as a person does to see the whole flow
        // (UI: .../graph-controls/navigation-control and operation-control, their headers toggle them)
        await page.locator('.operation-control-header').click();
        await page.locator('.navigation-control-header').click();
        await page.waitForTimeout(1000);
        await shot('lake-pipeline-fit-to-screen');
        // Below zoom 0.4 NiFi stops drawing a component's text and drops its 'visible' class (canvas-view.service.ts,
        // MIN_SCALE_TO_RENDER); a name too long for its 230 px is cut with an ellipsis (canvas-utils.service.ts ellipsis())
        const processors = await page.locator('g.processor').count();
        const drawn = await page.locator('g.processor.visible').count();
        found.pipelineNames = await page.locator('g.processor text.processor-name').allTextContents();
        check(processors > 0 && drawn === processors, `processors drawn with their text at fit-to-screen: ${drawn} of ${processors}`);
        check(!found.pipelineNames.some(name => name.includes('\u2026')), `names cut off: ${found.pipelineNames}`);
    });

    await step('provenance-lineage', async () => {
        const lake = settings.provenance;
        await openGroup(lake.groupId);
        // UI: canvas-context-menu.service.ts "View Data Provenance" opens the provenance page for the component
        await contextMenu(processor(lake.sender).locator('text.processor-name'), 'View Data Provenance');
        // UI: pages/provenance/ui/provenance-event-listing/provenance-event-table/provenance-event-table.component.html
        const send = page.locator('provenance-event-table tr.mat-mdc-row', { has: page.locator('td.mat-column-eventType', { hasText: /^\s*SEND\s*$/ }) });
        await send.first().waitFor({ timeout: 60_000 });
        await shot('provenance-events');
        await send.first().locator('button:has(i.fa-ellipsis-v)').click();
        await page.getByRole('menuitem', { name: 'Show Lineage' }).click();
        // UI: .../provenance-event-table/lineage/lineage.component.ts: g.node#lineage-group-<id>, circle#event-node-<id>, text.event-type
        const nodeOfType = type => page.locator('g.node', { has: page.locator('text.event-type', { hasText: new RegExp(`^${type}$`) }) });
        await nodeOfType('FORK').first().waitFor({ timeout: 60_000 });
        await page.waitForTimeout(1000);
        await shot('lineage');
        check(await nodeOfType('RECEIVE').count() === 0, 'RECEIVE in the lineage before Find parents');
        await contextMenu(nodeOfType('FORK').first().locator('circle.event-circle'), 'Find parents');
        await nodeOfType('RECEIVE').first().waitFor({ timeout: 60_000 });
        await page.waitForTimeout(1000);
        await shot('lineage-find-parents');
        found.lineageTypes = await page.locator('g.node text.event-type').allTextContents();

        // Each Glue call is a REMOTE_INVOCATION; its details say which table and what changed
        // (UI: ui/common/provenance-event-dialog/provenance-event-dialog.component.html shows a transit URI only for RECEIVE, SEND and FETCH)
        found.remoteInvocations = [];
        const invocations = nodeOfType('REMOTE_INVOCATION');
        for (let i = 0; i < await invocations.count(); i++) {
            await contextMenu(invocations.nth(i).locator('circle.event-circle'), 'View details');
            const dialog = page.locator('mat-dialog-container', { hasText: 'Provenance Event' });
            await dialog.getByText('Component Name').waitFor();
            const text = await dialog.locator('.dialog-tab-content').first().innerText();
            const field = name => (text.split('\n').map(line => line.trim()).find((line, j, lines) => lines[j - 1] === name) || '');
            found.remoteInvocations.push({ component: field('Component Name'), details: field('Details') });
            if (field('Component Name') === lake.registrar) {
                // the Details field is the last of the first column: scrolled into view for the screenshot
                await dialog.locator('mat-dialog-content').first().evaluate(content => { content.scrollTop = content.scrollHeight; });
                await shot('glue-event-details');
            }
            await dialog.getByRole('button', { name: 'Ok' }).click();
            await dialog.waitFor({ state: 'detached' });
        }
        const registration = found.remoteInvocations.find(event => event.component === lake.registrar);
        check(registration, `no REMOTE_INVOCATION of ${lake.registrar} in the lineage: ${JSON.stringify(found.remoteInvocations)}`);
        check(registration.details.includes(lake.table), `the Glue event's details do not name ${lake.table}: ${registration.details}`);
    });
} catch (e) {
    await shot('failed');
    console.error(e);
    fs.writeFileSync(path.join(shots, 'found.json'), JSON.stringify(found, null, 2));
    await browser.close();
    process.exit(1);
}
fs.writeFileSync(path.join(shots, 'found.json'), JSON.stringify(found, null, 2));
await browser.close();
