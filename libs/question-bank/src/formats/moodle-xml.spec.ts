import { describe, expect, it } from '@jest/globals';
import { exportQuestions, parseQuestionFile, validationIssues } from './index.js';

const xml = (body: string) =>
  parseQuestionFile(
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${body}\n</quiz>\n`, 'utf8'),
    'bank.xml',
  );

const MOODLE_EXPORT = `<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Pháp luật/Luật An ninh mạng</text>
    </category>
  </question>
  <question type="multichoice">
    <name><text>PL-01</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Luật có hiệu lực từ ngày nào? <img src="@@PLUGINFILE@@/luat.png"></p>]]></text>
      <file name="luat.png" path="/" encoding="base64">iVBORw0KGgo=</file>
    </questiontext>
    <generalfeedback format="html"><text>Theo Điều 43.</text></generalfeedback>
    <idnumber>PL-01</idnumber>
    <single>true</single>
    <answer fraction="100" format="html"><text>01/01/2019</text><feedback format="html"><text>Đúng</text></feedback></answer>
    <answer fraction="0" format="html"><text>12/6/2018</text><feedback format="html"><text></text></feedback></answer>
    <tags><tag><text>difficulty-2</text></tag><tag><text>an ninh mạng</text></tag></tags>
  </question>
  <question type="multichoice">
    <name><text>Nhiều</text></name>
    <questiontext format="moodle_auto_format"><text>Số nguyên tố &amp; số chẵn &#x1EA1;</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="50"><text>3</text></answer>
    <answer fraction="-100"><text>4</text></answer>
  </question>
  <question type="truefalse">
    <questiontext format="html"><text>Hà Nội là thủ đô.</text></questiontext>
    <answer fraction="100"><text>true</text><feedback><text>Chính xác</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>Sai rồi</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <questiontext><text>Ai viết Truyện Kiều?</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100"><text>Nguyễn Du</text></answer>
    <answer fraction="50"><text>Tố Như</text></answer>
  </question>
  <question type="numerical">
    <questiontext><text>Căn bậc hai của 2?</text></questiontext>
    <answer fraction="100"><text>1.414</text><tolerance>0.001</tolerance></answer>
    <answer fraction="50"><text>1.4</text><tolerance>0.05</tolerance></answer>
    <answer fraction="0"><text>*</text><feedback><text>Sai</text></feedback></answer>
  </question>
  <question type="matching">
    <questiontext><text>Ghép</text></questiontext>
    <subquestion format="html"><text>Hải Phòng</text><answer><text>Thủy Nguyên</text></answer></subquestion>
    <subquestion format="html"><text>Quảng Ninh</text><answer><text>Hạ Long</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>Vinh</text></answer></subquestion>
  </question>
  <question type="essay">
    <questiontext><text>Trình bày.</text></questiontext>
  </question>
  <question type="description">
    <questiontext><text>Đoạn văn.</text></questiontext>
  </question>`;

describe('Moodle XML import', () => {
  it('reads every supported type with categories, CDATA, files, idnumber, tags and feedback', async () => {
    const r = await xml(MOODLE_EXPORT);
    expect(r.errors).toEqual([]);
    expect(r.categories).toEqual(['Pháp luật/Luật An ninh mạng']);
    expect(r.questions.map((q) => q.type)).toEqual([
      'single',
      'multiple',
      'truefalse',
      'short',
      'numerical',
      'matching',
      'essay',
      'description',
    ]);
    const [single, multiple, tf, short, num, match] = r.questions;
    expect(single).toEqual({
      type: 'single',
      title: 'PL-01',
      format: 'html',
      text: '<p>Luật có hiệu lực từ ngày nào? <img src="@@PLUGINFILE@@/luat.png"></p>',
      category: 'Pháp luật/Luật An ninh mạng',
      difficulty: 2,
      tags: ['an ninh mạng'],
      generalFeedback: 'Theo Điều 43.',
      externalId: 'PL-01',
      options: [
        { text: '01/01/2019', fraction: 1, feedback: 'Đúng' },
        { text: '12/6/2018', fraction: 0 },
      ],
      files: [{ name: 'luat.png', mimeType: 'image/png', base64: 'iVBORw0KGgo=' }],
      line: 9,
    });
    expect(multiple).toMatchObject({
      format: 'moodle',
      text: 'Số nguyên tố & số chẵn ạ',
      options: [
        { text: '2', fraction: 0.5 },
        { text: '3', fraction: 0.5 },
        { text: '4', fraction: -1 },
      ],
    });
    expect(tf).toMatchObject({ correct: true, trueFeedback: 'Chính xác', falseFeedback: 'Sai rồi' });
    expect(short).toMatchObject({
      caseSensitive: true,
      answers: [
        { text: 'Nguyễn Du', fraction: 1 },
        { text: 'Tố Như', fraction: 0.5 },
      ],
    });
    expect(num!.answers).toEqual([
      { value: 1.414, tolerance: 0.001, fraction: 1 },
      { value: 1.4, tolerance: 0.05, fraction: 0.5 },
    ]);
    expect(match!.pairs).toEqual([
      { prompt: 'Hải Phòng', answer: 'Thủy Nguyên' },
      { prompt: 'Quảng Ninh', answer: 'Hạ Long' },
    ]);
    // Moodle's extra wrong answer: a subquestion with empty text.
    expect(match!.distractors).toEqual(['Vinh']);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining('Đáp án "*"')]);
  });

  it('refuses a numerical answer that is not a number, and a marked "*" answer', async () => {
    const r = await xml(`<question type="numerical"><questiontext><text>Số?</text></questiontext>
<answer fraction="100"><text>mười</text></answer></question>
<question type="numerical"><questiontext><text>Số?</text></questiontext>
<answer fraction="100"><text>*</text></answer></question>`);
    expect(r.questions).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('"mười" không phải là số') }),
      expect.objectContaining({ line: 5, message: expect.stringContaining('không được có điểm') }),
    ]);
  });

  it('reads a decimal comma in a numerical answer with a warning', async () => {
    const r = await xml(`<question type="numerical"><questiontext><text>Số?</text></questiontext>
<answer fraction="100"><text>1,5</text><tolerance>0,1</tolerance></answer></question>`);
    expect(r.questions[0]!.answers).toEqual([{ value: 1.5, tolerance: 0.1, fraction: 1 }]);
    expect(r.warnings[0]!.message).toContain('"1,5" là 1.5');
  });

  it('refuses a DOCTYPE so no entity can expand (billion laughs)', async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<quiz><question type="essay"><questiontext><text>&lol2;</text></questiontext></question></quiz>`;
    const r = await parseQuestionFile(Buffer.from(bomb), 'bomb.xml');
    expect(r.questions).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('DOCTYPE') })]);
  });

  it('reports malformed XML with its line', async () => {
    const r = await xml('<question type="essay">\n<questiontext><text>x</questiontext>\n</question>');
    expect(r.errors[0]!.line).toBe(4);
    expect(r.errors[0]!.message).toContain('không hợp lệ ở dòng 4');
  });

  it('refuses an unsupported question type instead of skipping it silently', async () => {
    const r = await xml('<question type="calculated"><questiontext><text>x</text></questiontext></question>');
    expect(r.errors[0]!.message).toContain('"calculated" chưa được hỗ trợ');
  });

  it('reads a matching question with distractors as Moodle 4 writes it, and writes it back the same way', async () => {
    // Moodle's own export (question/format/xml/format.php): one <subquestion> per pair, a distractor's text empty.
    const r = await xml(`<!-- question: 41  -->
  <question type="matching">
    <name>
      <text>Ghép tỉnh</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Ghép tỉnh với thành phố</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <shuffleanswers>true</shuffleanswers>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <subquestion format="html">
      <text><![CDATA[<p>Hải Phòng</p>]]></text>
      <answer>
        <text>Thủy Nguyên</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text><![CDATA[<p>Quảng Ninh</p>]]></text>
      <answer>
        <text>Hạ Long</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text></text>
      <answer>
        <text>Vinh</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text></text>
      <answer>
        <text>Đà Lạt</text>
      </answer>
    </subquestion>
  </question>`);
    expect(r.errors).toEqual([]);
    expect(validationIssues(r)).toEqual([]);
    const q = r.questions[0]!;
    expect(q).toMatchObject({
      type: 'matching',
      pairs: [
        { prompt: '<p>Hải Phòng</p>', answer: 'Thủy Nguyên' },
        { prompt: '<p>Quảng Ninh</p>', answer: 'Hạ Long' },
      ],
      distractors: ['Vinh', 'Đà Lạt'],
    });
    const { line: _line, ...input } = q;
    const xmlOut = (await exportQuestions([input], 'moodlexml')).toString('utf8');
    expect(xmlOut).toContain('<subquestion format="html"><text></text><answer><text><![CDATA[Vinh]]></text>');
    const back = await parseQuestionFile(Buffer.from(xmlOut), 'back.xml');
    const { line: _l2, ...again } = back.questions[0]!;
    expect(again).toEqual(input);
  });

  it('refuses an XML file that is not a Moodle quiz', async () => {
    const r = await parseQuestionFile(Buffer.from('<root/>'), 'x.xml');
    expect(r.errors[0]!.message).toContain('<quiz>');
  });
});
