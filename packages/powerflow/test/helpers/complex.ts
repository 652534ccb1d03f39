// Minimal complex arithmetic for closed-form expectations computed independently in tests.
export class C {
  constructor(
    readonly re: number,
    readonly im = 0,
  ) {}
  static polar(mag: number, deg: number): C {
    const t = (deg * Math.PI) / 180;
    return new C(mag * Math.cos(t), mag * Math.sin(t));
  }
  add(o: C): C {
    return new C(this.re + o.re, this.im + o.im);
  }
  sub(o: C): C {
    return new C(this.re - o.re, this.im - o.im);
  }
  mul(o: C): C {
    return new C(this.re * o.re - this.im * o.im, this.re * o.im + this.im * o.re);
  }
  div(o: C): C {
    const d = o.re * o.re + o.im * o.im;
    return new C((this.re * o.re + this.im * o.im) / d, (this.im * o.re - this.re * o.im) / d);
  }
  scale(k: number): C {
    return new C(this.re * k, this.im * k);
  }
  conj(): C {
    return new C(this.re, -this.im);
  }
  get abs(): number {
    return Math.hypot(this.re, this.im);
  }
  get deg(): number {
    return (Math.atan2(this.im, this.re) * 180) / Math.PI;
  }
}
