import { describe, expect, it } from '@jest/globals';
import { parseRange } from './authoring/course-files.js';
import { countedLessons } from './learning/course-catalog.js';
import { quizPassed, quizPercent } from './learning/quiz-lessons.js';
import { withShim } from './scorm/scorm-content.js';
import { scormTimespanSeconds } from './scorm/scorm-progress.js';

describe('the completion rule’s lessons', () => {
  const l = (id: string, kind: 'text' | 'quiz', required: boolean) => ({ id, kind, required });
  it('counts the required lessons and the final quiz even when it is optional', () => {
    const r = countedLessons([
      l('a', 'text', true),
      l('b', 'text', false),
      l('q1', 'quiz', false),
      l('q2', 'quiz', false),
    ]);
    expect([...r.countedLessonIds]).toEqual(['a', 'q2']);
    expect(r.finalQuizId).toBe('q2');
  });
  it('counts every lesson when none is required and there is no quiz', () => {
    expect([...countedLessons([l('a', 'text', false), l('b', 'text', false)]).countedLessonIds]).toEqual(['a', 'b']);
  });
});

describe('quiz pass mark', () => {
  it('passes exactly at the mark, in percent of the points', () => {
    expect(quizPercent(3, 4)).toBe(75);
    expect(quizPassed(quizPercent(3, 4), 75)).toBe(true);
    expect(quizPassed(quizPercent(2, 3), 67)).toBe(false);
    expect(quizPercent(0, 0)).toBe(0);
  });
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=50-1000', 100, { start: 50, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=9-0', 100, 'unsatisfiable'],
    ['bytes=0-1,5-6', 100, null],
    ['items=0-1', 100, null],
    [undefined, 100, null],
  ])('%s of %d bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('SCORM helpers', () => {
  it('reads CMITimespan', () => {
    expect(scormTimespanSeconds('0000:02:30.5')).toBe(150.5);
    expect(scormTimespanSeconds('01:00:00')).toBe(3600);
    expect(scormTimespanSeconds('00:61:00')).toBe(0);
    expect(scormTimespanSeconds('PT1H')).toBe(0);
  });
  it('loads the API shim first in the page', () => {
    expect(withShim(Buffer.from('<!doctype html><html><head lang="vi"><script>a()</script>'), '/s.js').toString()).toBe(
      '<!doctype html><html><head lang="vi"><script src="/s.js"></script><script>a()</script>',
    );
    expect(withShim(Buffer.from('<!DOCTYPE html><p>x'), '/s.js').toString()).toBe(
      '<!DOCTYPE html><script src="/s.js"></script><p>x',
    );
  });
});
