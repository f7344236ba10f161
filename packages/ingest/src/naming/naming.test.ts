import { describe, expect, test } from 'vitest';
import { toCameraSlug } from './camera-slug.js';
import { toFileName, toFilenamePrefix, toMaxNameLength, toPreviewFilename } from './build-filename.js';
import { toCategorySlug, toSlug } from './slug.js';

const TEMPLATE = '{subject}_{location}_{category}_{camera}_{year}_{seq}';

describe('toSlug', () => {
  test.each([
    ['Grey Heron', 'Grey_Heron'],
    ['Salt & Pepper', 'Salt_and_Pepper'],
    ['Salt&Pepper', 'Salt_and_Pepper'],
    ["O'Brien's Pub", 'O_Brien_s_Pub'],
    ['Café Crème Brûlée', 'Cafe_Creme_Brulee'],
    ['Straße Øresund Łódź', 'Strasse_Oresund_Lodz'],
    ['São Paulo, Brazil', 'Sao_Paulo_Brazil'],
    ['  spaced   out\tname ', 'spaced_out_name'],
    ['already__under_scored_', 'already_under_scored'],
    ['ATR 72-600 (PH-ABC)', 'ATR_72_600_PH_ABC'],
    ['camelCase KEPT', 'camelCase_KEPT'],
    ['<script>alert(1)</script>', 'script_alert_1_script'],
    ['a;b"c\'d', 'a_b_c_d'],
    ['Sunset 🌅 glow', 'Sunset_glow'],
    ['東京', ''],
    ['!!!', ''],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(toSlug(input)).toBe(expected);
  });

  test('a slug is unchanged by slugging it again', () => {
    for (const input of ['Café & Bar', "It's 5 o'clock", 'A  B__C']) expect(toSlug(toSlug(input))).toBe(toSlug(input));
  });
});

describe('toCategorySlug', () => {
  test.each([
    ['Birds', 'Birds_Photography'],
    ['Night', 'Night_Photography'],
    ['Nature Landscape Photography', 'Nature_Landscape_Photography'],
    ['street photography', 'street_photography'],
    ['Macrophotography', 'Macrophotography'],
    ['Food & Drink', 'Food_and_Drink_Photography'],
    ['???', ''],
  ])('%j → %j', (input, expected) => {
    expect(toCategorySlug(input)).toBe(expected);
  });
});

describe('toCameraSlug', () => {
  test.each([
    ['Canon', 'Canon EOS R5', 'Canon_EOS_R5'],
    ['Canon', 'Canon Canon EOS R5', 'Canon_EOS_R5'],
    ['Canon', 'EOS R5 Mark II', 'Canon_EOS_R5_Mark_II'],
    ['NIKON CORPORATION', 'NIKON D850', 'NIKON_D850'],
    ['OLYMPUS IMAGING CORP.', 'E-M1MarkII', 'OLYMPUS_E_M1MarkII'],
    ['SONY', 'ILCE-7M3', 'SONY_ILCE_7M3'],
    ['Apple', 'iPhone 13 Pro', 'Apple_iPhone_13_Pro'],
    ['FUJIFILM', 'X-T4', 'FUJIFILM_X_T4'],
    [null, 'Canon EOS R5', 'Canon_EOS_R5'],
    ['Canon', null, 'Canon'],
    [null, null, ''],
    ['  ', '', ''],
  ])('%j + %j → %j', (make, model, expected) => {
    expect(toCameraSlug(make, model)).toBe(expected);
  });
});

describe('toFilenamePrefix', () => {
  const base = { subject: 'Grey Heron', location: 'Amsterdam Netherlands', category: 'Birds', camera: 'Canon_EOS_R5_Mark_II', year: 2025 };

  test('renders the default template up to the sequence number', () => {
    const prefix = toFilenamePrefix(TEMPLATE, base);
    expect(prefix).toBe('Grey_Heron_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025');
    expect(toFileName(prefix, 1)).toBe('Grey_Heron_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025_001.JPG');
    expect(toFileName(prefix, 42)).toMatch(/_042\.JPG$/);
  });

  test.each([
    [{ subject: 'Fish & Chips' }, 'Fish_and_Chips_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025'],
    [{ subject: "Heron's Nest" }, 'Heron_s_Nest_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025'],
    [{ location: 'Zürich, Schweiz' }, 'Grey_Heron_Zurich_Schweiz_Birds_Photography_Canon_EOS_R5_Mark_II_2025'],
    [{ camera: '' }, 'Grey_Heron_Amsterdam_Netherlands_Birds_Photography_2025'],
    [{ category: 'Wildlife Photography' }, 'Grey_Heron_Amsterdam_Netherlands_Wildlife_Photography_Canon_EOS_R5_Mark_II_2025'],
    [{ subject: '_Grey__Heron_' }, 'Grey_Heron_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025'],
  ])('%j', (change, expected) => {
    expect(toFilenamePrefix(TEMPLATE, { ...base, ...change })).toBe(expected);
  });

  test('the website’s older template without camera and year', () => {
    const prefix = toFilenamePrefix('{subject}_{location}_{category}_{seq}', { ...base, subject: 'Booking.com campus Offices', category: 'Night' });
    expect(toFileName(prefix, 1)).toBe('Booking_com_campus_Offices_Amsterdam_Netherlands_Night_Photography_001.JPG');
  });

  test('a template that does not end with {seq} is refused', () => {
    expect(() => toFilenamePrefix('{seq}_{subject}', base)).toThrowError(/must end with \{seq\}/);
  });

  test('very long names: the length counts the whole name with sequence and extension', () => {
    const subject = 'A very long subject '.repeat(6);
    const preview = toPreviewFilename(TEMPLATE, { subject, location: 'Amsterdam', category: 'Birds' }, 2025);
    expect(preview.length).toBeGreaterThan(150);
    expect(preview).toMatch(/^A_very_long_subject_A_very.*_subject_Amsterdam_Birds_Photography_Canon_EOS_R5_Mark_II_2025_001\.JPG$/);
    expect(toMaxNameLength(toFilenamePrefix(TEMPLATE, { ...base, subject, location: 'Amsterdam' }))).toBe(preview.length);
  });
});
